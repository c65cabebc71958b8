import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { generateCubePod } from '../generators/cube-pod.generator';
import type { FabricSpec } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { linkMatrixFromDemands, linkMatrixOfCrossConnects, linkMatrixToDemands } from './link-matrix';
import { buildPortIndex } from './port-index.build';
import { realiseMesh } from './realise-mesh';
import { blockCase, blockFabric, randomDemand, rng } from './test-fabrics.fixture';

function expectValid(spec: FabricSpec, demand: Int32Array) {
  const index = buildPortIndex(spec);
  const plan = realiseMesh(index, demand);
  expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
  expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, demand), { directed: true })).toEqual([]);
  expect(Array.from(linkMatrixOfCrossConnects(index, plan.crossConnects))).toEqual(Array.from(demand));
  return plan;
}

describe('realiseMesh', () => {
  it('factorises J64 into 256 permutations, 64 circuits per OCS, all fibres respected', () => {
    const spec = generateBlockFabric();
    const demand = randomDemand(64, 256, rng(7));
    const plan = expectValid(spec, demand);
    expect(plan.perSwitch).toEqual(new Array(256).fill(64));
  });

  it('realises any feasible demand on random block fabrics (property)', () => {
    fc.assert(
      fc.property(blockCase, fc.double({ min: 0, max: 0.5, noNaN: true }), (c, drop) => {
        const rand = rng(c.seed);
        expectValid(blockFabric(c), randomDemand(c.blocks, c.ocs * c.perSide, rand, drop));
      }),
      { numRuns: 60 },
    );
  });

  it('realises a cube-pod mesh where each cube has one port per side on each of 48 OCS', () => {
    const spec = generateCubePod({ cubes: 16 });
    const index = buildPortIndex(spec);
    const demand = linkMatrixFromDemands(index, [
      { a: 'cube-0', b: 'cube-1', links: 48 },
      { a: 'cube-1', b: 'cube-0', links: 48 },
      { a: 'cube-2', b: 'cube-3', links: 20 },
    ]);
    expectValid(spec, demand);
  });

  it('on ragged fibres either realises the mesh validly or says which rule fails (property)', () => {
    fc.assert(
      fc.property(blockCase, fc.double({ min: 0, max: 0.4, noNaN: true }), (c, cut) => {
        const rand = rng(c.seed);
        const full = blockFabric(c);
        const spec = { ...full, fibres: full.fibres.filter(() => rand() >= cut) };
        const demand = randomDemand(c.blocks, c.ocs * c.perSide, rand, 0.5);
        try {
          expectValid(spec, demand);
        } catch (err) {
          if (!(err instanceof TopologyInfeasibleError)) throw err;
          expect(['degree-exceeds-ports', 'missing-fibres', 'no-common-switch-left']).toContain(err.rule);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects a block asking for more circuits than its ports', () => {
    const spec = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 4 });
    const index = buildPortIndex(spec);
    const demand = linkMatrixFromDemands(index, [{ a: 'block-0', b: 'block-1', links: 5 }]);
    expect(() => realiseMesh(index, demand)).toThrow(TopologyInfeasibleError);
    try {
      realiseMesh(index, demand);
    } catch (err) {
      expect((err as TopologyInfeasibleError).rule).toBe('degree-exceeds-ports');
    }
  });

  it('rejects a pair that shares no switch and names the missing-fibres rule', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 4, ocs: 2, portsPerOcs: 2 });
    spec.fibres = spec.fibres.filter((f) => !(f.endpoint === 'block-0' && f.side === 'north' && f.switchId === 'ocs-1'));
    spec.fibres = spec.fibres.filter((f) => !(f.endpoint === 'block-1' && f.side === 'south' && f.switchId === 'ocs-0'));
    const index = buildPortIndex(spec);
    const demand = linkMatrixFromDemands(index, [{ a: 'block-0', b: 'block-1', links: 1 }]);
    expect(() => realiseMesh(index, demand)).toThrow(expect.objectContaining({ rule: 'missing-fibres' }));
  });

  it('never uses a failed port or a failed switch', () => {
    const spec = generateBlockFabric({ blocks: 4, uplinks: 16, ocs: 4, portsPerOcs: 8 });
    spec.switches[1].health = 'failed';
    spec.switches[2].failedPorts = [{ side: 'north', port: 1 }];
    const index = buildPortIndex(spec);
    const demand = randomDemand(4, 4, rng(3), 0.3);
    const plan = expectValid(spec, demand);
    expect(plan.perSwitch[1]).toBe(0);
    expect(plan.crossConnects.some((c) => c.switchId === 'ocs-2' && c.north === 1)).toBe(false);
  });
});
