import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import type { PortIndex } from '../mesh/port-index.build';
import { blockCase, churn, churnedInstance, j64BenchInstances, permutationBlockInstance } from '../mesh/test-fabrics.fixture';
import type { CrossConnect, FabricSpec } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planByPaths, planRewire } from './plan-rewire';
import type { RewirePlan } from './rewire-plan';
import { restartRewire } from './rewire-restarts';
import { planBySwapChains } from './swap-chains';

function expectValid(spec: FabricSpec, index: PortIndex, before: CrossConnect[], target: Int32Array, plan: RewirePlan): void {
  expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
  expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
  expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
  expect(plan.counts.touched).toBeGreaterThanOrEqual(plan.colocationBound);
}

// Unbounded searches and no deadline: results do not depend on the machine's speed.
const UNTIMED = { until: Number.POSITIVE_INFINITY, firstMs: 0, searchBudgetMs: 1e9 };

describe('planByPaths: path placement alone in a shuffled order', () => {
  it('gives a valid plan for every order, the same plan for the same seed, and different orders different plans', () => {
    const { spec, index, before, target } = permutationBlockInstance(16, 32, 3, 40);
    const touched = new Set<number>();
    for (const orderSeed of [1, 2, 3, 4, 5]) {
      const plan = planByPaths(index, before, target, { orderSeed, deadline: Number.POSITIVE_INFINITY, searchBudgetMs: 1e9 }) as RewirePlan;
      expectValid(spec, index, before, target, plan);
      const again = planByPaths(index, before, target, { orderSeed, deadline: Number.POSITIVE_INFINITY, searchBudgetMs: 1e9 }) as RewirePlan;
      expect(again.crossConnects).toEqual(plan.crossConnects);
      touched.add(plan.counts.touched);
    }
    expect(touched.size).toBeGreaterThan(1);
  });

  it('returns nothing once its deadline has passed (the caller keeps the plan it has)', () => {
    const { index, before, target } = permutationBlockInstance(8, 16, 4, 10);
    expect(planByPaths(index, before, target, { orderSeed: 1, deadline: performance.now() - 1 })).toBeUndefined();
  });
});

describe('restartRewire: restarts of swap chains and path placement in shuffled orders', () => {
  it('property: never worse than its start, always passes the independent verifier', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), (c, pct, maxRestarts) => {
        const { spec, index, before, target } = churnedInstance(c, pct, 0.1);
        const start = planRewire(index, before, target, { searchBudgetMs: 1e9 });
        const { plan, restarts } = restartRewire(index, before, target, start, { ...UNTIMED, maxRestarts, seed: c.seed });
        expectValid(spec, index, before, target, plan);
        expect(plan.counts.touched).toBeLessThanOrEqual(start.counts.touched);
        expect(restarts).toBeLessThanOrEqual(maxRestarts);
      }),
      { numRuns: 40, seed: 23 },
    );
  }, 300_000);

  it('on J64 at 5% churn (the benchmark instance) turns to path placement and plans at least 15% fewer changes than the path placement the planner had before (3,166)', () => {
    const { spec, index, before, targets } = j64BenchInstances();
    const target = targets[1]; // 5%
    const chains = planBySwapChains(index, before, target) as RewirePlan;
    const { plan } = restartRewire(index, before, target, chains, { ...UNTIMED, maxRestarts: 6 });
    expectValid(spec, index, before, target, plan);
    expect(plan.counts.touched).toBeLessThanOrEqual(0.85 * 3166);
    expect(plan.counts.touched).toBeLessThan(chains.counts.touched);
  }, 120_000);
});
