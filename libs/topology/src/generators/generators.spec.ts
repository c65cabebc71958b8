import { describe, expect, it } from 'vitest';
import { TopologyInvalidArgumentError } from '../errors';
import { buildFabricModel } from '../model/fabric-model';
import { generateBlockFabric } from './block-fabric.generator';
import { generateCubePod } from './cube-pod.generator';
import { parseCubePortLabel } from './cube-port-label';

describe('generateCubePod', () => {
  it('builds the TPU v4 pod: 64 cubes, 48 OCS of 136 ports, 96 fibres per cube', () => {
    const spec = generateCubePod();
    expect(spec.endpoints).toHaveLength(64);
    expect(spec.switches).toHaveLength(48);
    expect(spec.switches.every((s) => s.northPorts === 136 && s.southPorts === 136)).toBe(true);
    expect(spec.fibres).toHaveLength(64 * 96);
    const model = buildFabricModel(spec);
    expect(model.endpointPorts[0].size).toBe(96);
  });

  it('puts the +d face on the north side and the -d face on the south side at port cube+1', () => {
    const spec = generateCubePod({ cubes: 4 });
    const f = spec.fibres.filter((x) => x.endpoint === 'cube-2' && x.switchId === 'ocs-y-5');
    expect(f).toEqual([
      { endpoint: 'cube-2', endpointPort: 'y+:5', switchId: 'ocs-y-5', side: 'north', port: 3 },
      { endpoint: 'cube-2', endpointPort: 'y-:5', switchId: 'ocs-y-5', side: 'south', port: 3 },
    ]);
    expect(parseCubePortLabel('y-:5')).toEqual({ dim: 1, sign: '-', k: 5 });
  });

  it('adds spare cubes after the active ones and rejects pods larger than the OCS', () => {
    const spec = generateCubePod({ cubes: 8, spareCubes: 2, linksPerFace: 4 });
    expect(spec.endpoints.filter((e) => e.spare).map((e) => e.id)).toEqual(['cube-8', 'cube-9']);
    expect(spec.switches).toHaveLength(12);
    expect(() => generateCubePod({ cubes: 130, spareCubes: 8 })).toThrow(TopologyInvalidArgumentError);
  });
});

describe('generateBlockFabric', () => {
  it('builds J64 with one north and one south port per block on each of 256 OCS', () => {
    const spec = generateBlockFabric();
    expect(spec.switches).toHaveLength(256);
    expect(spec.fibres).toHaveLength(64 * 512);
    const model = buildFabricModel(spec);
    const s = model.switchOf('ocs-17');
    for (let b = 0; b < 64; b++) {
      expect(model.northEndpoint[model.northBase[s] + b]).toBe(b);
      expect(model.southEndpoint[model.southBase[s] + b]).toBe(b);
    }
    expect(model.northEndpoint[model.northBase[s] + 64]).toBe(-1);
  });

  it('rejects uplinks that do not split evenly over the OCS', () => {
    expect(() => generateBlockFabric({ blocks: 4, uplinks: 10, ocs: 4 })).toThrow(TopologyInvalidArgumentError);
    expect(() => generateBlockFabric({ blocks: 200, uplinks: 8, ocs: 4, portsPerOcs: 136 })).toThrow(TopologyInvalidArgumentError);
  });
});
