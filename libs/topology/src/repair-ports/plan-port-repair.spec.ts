import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyNotFoundError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { blockCase, blockFabric, randomDemand, rng } from '../mesh/test-fabrics.fixture';
import type { CrossConnect } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planPortRepair, type PortRepairPlan } from './plan-port-repair';

function expectVerified(before: CrossConnect[], plan: PortRepairPlan) {
  expect(verifyCrossConnects(plan.failedSpec, plan.crossConnects)).toEqual([]);
  expect(verifyLinkCounts(plan.failedSpec, plan.crossConnects, linkMatrixToDemands(plan.index, plan.target), { directed: true })).toEqual([]);
  expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
  expect(plan.lowerBound).toBe(2 * plan.failedCircuits - plan.linksLost);
  expect(plan.counts.touched).toBeGreaterThanOrEqual(plan.lowerBound);
}

describe('planPortRepair', () => {
  it('moves a failed port\'s circuit to a spare port at the lower bound of 2 changes', () => {
    const spec = generateBlockFabric({ blocks: 4, uplinks: 16, ocs: 8, portsPerOcs: 4 });
    const index = buildPortIndex(spec);
    const before = realiseMesh(index, randomDemand(4, 6, rng(4))).crossConnects; // 2 spare ports per block side
    const c = before[0];
    const plan = planPortRepair(spec, before, [{ type: 'port', switchId: c.switchId, side: 'north', port: c.north }]);
    expectVerified(before, plan);
    expect(plan.failedCircuits).toBe(1);
    expect(plan.linksLost).toBe(0);
    expect(plan.counts.touched).toBe(2);
  });

  it('spreads a failed OCS over the others, restoring every link when spares exist (property)', () => {
    fc.assert(
      fc.property(blockCase, (c) => {
        const rand = rng(c.seed);
        const spec = blockFabric({ ...c, ocs: Math.max(2, c.ocs) });
        const index = buildPortIndex(spec);
        const k = Math.max(2, c.ocs) * c.perSide;
        const before = realiseMesh(index, randomDemand(c.blocks, k - c.perSide, rand)).crossConnects;
        const victim = `ocs-${Math.floor(rand() * Math.max(2, c.ocs))}`;
        const plan = planPortRepair(spec, before, [{ type: 'ocs', switchId: victim }]);
        expectVerified(before, plan);
        expect(plan.linksLost).toBe(0);
        expect(plan.crossConnects.some((x) => x.switchId === victim)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('drops, and reports, links that have no spare port left to move to', () => {
    const spec = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 4 });
    const index = buildPortIndex(spec);
    const before = realiseMesh(index, randomDemand(4, 4, rng(8))).crossConnects; // every port used
    const plan = planPortRepair(spec, before, [{ type: 'ocs', switchId: 'ocs-2' }]);
    expectVerified(before, plan);
    expect(plan.linksLost).toBe(4);
    expect(plan.counts.touched).toBe(4);
  });

  it('names an unknown switch as not found', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 4, ocs: 2, portsPerOcs: 2 });
    expect(() => planPortRepair(spec, [], [{ type: 'ocs', switchId: 'nope' }])).toThrow(TopologyNotFoundError);
  });
});
