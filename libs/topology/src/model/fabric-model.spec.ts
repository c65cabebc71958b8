import { describe, expect, it } from 'vitest';
import { TopologyConflictError, TopologyNotFoundError, TopologySpecError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { FabricSpec } from '../types';
import { buildCircuitTable, circuitTableToCrossConnects } from './circuit-table';
import { applyChanges, diffCrossConnects } from './cross-connect-diff';
import { buildFabricModel } from './fabric-model';
import { buildLogicalGraph } from './logical-graph';

const tiny: FabricSpec = {
  version: 1,
  name: 'tiny',
  switches: [{ id: 's1', northPorts: 2, southPorts: 2, failedPorts: [{ side: 'south', port: 2 }] }, { id: 's2', northPorts: 1, southPorts: 1, health: 'drained' }],
  endpoints: [
    { id: 'a', kind: 'host' },
    { id: 'b', kind: 'host', health: 'failed' },
  ],
  fibres: [
    { endpoint: 'a', endpointPort: 'p0', switchId: 's1', side: 'north', port: 1 },
    { endpoint: 'b', endpointPort: 'p0', switchId: 's1', side: 'south', port: 2 },
    { endpoint: 'b', endpointPort: 'p1', switchId: 's2', side: 'north', port: 1 },
  ],
};

describe('buildFabricModel', () => {
  it('indexes ports by slot with fibre, endpoint and usability', () => {
    const m = buildFabricModel(tiny);
    expect(m.northEndpoint[m.northBase[0]]).toBe(0);
    expect(m.southEndpoint[m.southBase[0] + 1]).toBe(1);
    expect(Array.from(m.southUsable)).toEqual([1, 0, 0]);
    expect(Array.from(m.northUsable)).toEqual([1, 1, 0]);
    expect(m.fibreAt(0, 'south', 2)?.endpoint).toBe('b');
    expect(m.endpointPortFibre(1, 'p1')?.switchId).toBe('s2');
    expect(m.endpointHealthy[1]).toBe(0);
    expect(() => m.switchOf('nope')).toThrow(TopologyNotFoundError);
  });

  it('exposes a graphology graph with one edge per fibre', () => {
    const g = buildFabricModel(tiny).graph;
    expect(g.order).toBe(4);
    expect(g.size).toBe(3);
    expect(g.getNodeAttribute('s2', 'type')).toBe('switch');
  });

  it('rejects broken references with the field path', () => {
    const bad: FabricSpec = { ...tiny, fibres: [...tiny.fibres, { endpoint: 'a', endpointPort: 'p9', switchId: 's1', side: 'north', port: 3 }] };
    try {
      buildFabricModel(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TopologySpecError);
      expect((e as TopologySpecError).issues).toEqual([{ path: 'fibres[3].port', message: 'must be <= 2 (north ports of s1)' }]);
    }
  });

  it('builds a 1,000 x 320 fabric (640k switch ports) without error', () => {
    const spec = generateBlockFabric({ blocks: 320, uplinks: 2000, ocs: 1000, portsPerOcs: 320 });
    const m = buildFabricModel(spec);
    expect(m.northBase[m.switchCount]).toBe(320_000);
    expect(m.northFibre[319_999]).toBeGreaterThanOrEqual(0);
  });
});

describe('circuit table and diff', () => {
  it('round-trips cross-connects and refuses a port used twice', () => {
    const m = buildFabricModel(tiny);
    const t = buildCircuitTable(m, [{ switchId: 's1', north: 2, south: 1 }]);
    expect(circuitTableToCrossConnects(m, t)).toEqual([{ switchId: 's1', north: 2, south: 1 }]);
    expect(() => buildCircuitTable(m, [{ switchId: 's1', north: 2, south: 1 }, { switchId: 's1', north: 1, south: 1 }])).toThrow(TopologyConflictError);
  });

  it('diffs two states to the smallest change set and applies it back', () => {
    const before = [{ switchId: 's1', north: 1, south: 1 }, { switchId: 's1', north: 2, south: 2 }];
    const after = [{ switchId: 's1', north: 1, south: 1 }, { switchId: 's1', north: 2, south: 1 }];
    const d = diffCrossConnects(before, after);
    expect(d).toEqual([{ switchId: 's1', remove: [{ north: 2, south: 2 }], add: [{ north: 2, south: 1 }] }]);
    expect(applyChanges(before, d)).toEqual(after);
  });
});

describe('buildLogicalGraph', () => {
  it('turns cross-connects into endpoint-to-endpoint circuit edges, skipping unfibred ends', () => {
    const spec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 4 });
    const g = buildLogicalGraph(buildFabricModel(spec), [
      { switchId: 'ocs-0', north: 1, south: 2 },
      { switchId: 'ocs-1', north: 1, south: 2 },
      { switchId: 'ocs-1', north: 4, south: 3 },
    ]);
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    expect(g.edges('block-0', 'block-1')).toHaveLength(2);
    const switches = g.edges('block-0', 'block-1').map((e) => g.getEdgeAttribute(e, 'switchId'));
    expect(switches.sort()).toEqual(['ocs-0', 'ocs-1']);
  });
});
