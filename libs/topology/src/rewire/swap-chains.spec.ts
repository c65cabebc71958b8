import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex, type PortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { blockCase, churn, churnedInstance, j64BenchInstances, permutationBlockInstance, randomDemand, rng } from '../mesh/test-fabrics.fixture';
import type { CrossConnect, FabricSpec } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planRewire } from './plan-rewire';
import { planBySwapChains, type SwapChainPlan } from './swap-chains';

function expectValid(spec: FabricSpec, index: PortIndex, before: CrossConnect[], target: Int32Array, plan: SwapChainPlan): void {
  expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
  expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
  expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
  expect(plan.counts.touched).toBeGreaterThanOrEqual(plan.colocationBound);
  expect(plan.colocationBound).toBeGreaterThanOrEqual(plan.lowerBound);
}

describe('planBySwapChains: minimal rewiring by chains of 2x2 exchanges', () => {
  it('property: on one-port-per-side fabrics (full or with free ports) every plan passes the independent verifier and respects the bounds', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 0.1), (c, pct, dropShare) => {
        const { spec, index, before, target } = churnedInstance({ ...c, perSide: 1 }, pct, dropShare);
        const plan = planBySwapChains(index, before, target);
        if (plan) expectValid(spec, index, before, target, plan);
      }),
      { numRuns: 150, seed: 11 },
    );
  }, 120_000);

  it('property: planRewire with chains is never worse than path placement alone, and always valid', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 30 }), (c, pct) => {
        const { spec, index, before, target } = churnedInstance(c, pct, 0.1);
        // An unbounded search budget makes path placement independent of machine speed.
        const withChains = planRewire(index, before, target, { searchBudgetMs: 1e9 });
        const pathsOnly = planRewire(index, before, target, { swapChains: false, searchBudgetMs: 1e9 });
        expectValid(spec, index, before, target, withChains);
        expect(withChains.counts.touched).toBeLessThanOrEqual(pathsOnly.counts.touched);
      }),
      { numRuns: 60, seed: 12 },
    );
  }, 120_000);

  // Path placement's own search runs without a time limit here, so the comparison does not depend on
  // the machine's speed (with the API's time budget it does worse, as bench:topology shows).
  it('on J64 at 1% churn (the benchmark instance) needs at least 10% fewer changes than path placement with an unbounded search', () => {
    const { spec, index, before, targets } = j64BenchInstances();
    const target = targets[0];
    const chains = planBySwapChains(index, before, target);
    const paths = planRewire(index, before, target, { swapChains: false, searchBudgetMs: Number.POSITIVE_INFINITY });
    expect(chains).toBeDefined();
    expectValid(spec, index, before, target, chains as SwapChainPlan);
    expect((chains as SwapChainPlan).counts.touched).toBeLessThan(0.9 * paths.counts.touched);
  }, 60_000);

  it('on small block fabrics (32 blocks x 64 OCS, 1% churn) is valid and within 10% of path placement either way', () => {
    for (const seed of [1, 2, 3]) {
      const { spec, index, before, target } = permutationBlockInstance(32, 64, seed, 20);
      const chains = planBySwapChains(index, before, target);
      const paths = planRewire(index, before, target, { swapChains: false, searchBudgetMs: Number.POSITIVE_INFINITY });
      expect(chains).toBeDefined();
      expectValid(spec, index, before, target, chains as SwapChainPlan);
      expect((chains as SwapChainPlan).counts.touched).toBeLessThanOrEqual(1.1 * paths.counts.touched);
    }
  }, 60_000);

  it('property: with a deadline already passed planRewire abandons path placement and returns the chains\' plan, valid', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 30 }), (c, pct) => {
        const { spec, index, before, target } = churnedInstance({ ...c, perSide: 1 }, pct, 0);
        const chains = planBySwapChains(index, before, target);
        const late = planRewire(index, before, target, { deadline: 0 });
        expectValid(spec, index, before, target, late);
        // Where chains have a plan, that is what comes back; otherwise path placement ran in full.
        if (chains) expect(late.counts.touched).toBe(chains.counts.touched);
      }),
      { numRuns: 60, seed: 13 },
    );
  }, 120_000);

  it('property: ejection chains (improveDepth) keep every plan valid and within the bounds; on full fabrics never more changes', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 0.1), fc.integer({ min: 1, max: 3 }), (c, pct, dropShare, depth) => {
        const { spec, index, before, target } = churnedInstance({ ...c, perSide: 1 }, pct, dropShare);
        const plain = planBySwapChains(index, before, target, { seed: c.seed });
        const improved = planBySwapChains(index, before, target, { seed: c.seed, improveDepth: depth });
        expect(improved === undefined).toBe(plain === undefined);
        if (!plain || !improved) return;
        expectValid(spec, index, before, target, improved);
        // With every port in use a slot that differs from today is one removal and one addition,
        // so fewer differing slots (what an ejection chain must achieve) is fewer changes.
        if (dropShare === 0) expect(improved.counts.touched).toBeLessThanOrEqual(plain.counts.touched);
      }),
      { numRuns: 120, seed: 14 },
    );
  }, 120_000);

  it('ejection chains on J64 at 5% churn (the benchmark instance) save changes against the plain chains', () => {
    const { spec, index, before, targets } = j64BenchInstances();
    const target = targets[1];
    const plain = planBySwapChains(index, before, target) as SwapChainPlan;
    const improved = planBySwapChains(index, before, target, { improveDepth: 3 }) as SwapChainPlan;
    expectValid(spec, index, before, target, improved);
    expect(improved.counts.touched).toBeLessThan(0.97 * plain.counts.touched);
  }, 60_000);

  it('declines (undefined) where a switch has two ports of an endpoint on a side, or where degrees change', () => {
    const two = generateBlockFabric({ blocks: 4, uplinks: 16, ocs: 4, portsPerOcs: 8 });
    const twoIndex = buildPortIndex(two);
    const demand = randomDemand(4, 8, rng(3));
    const before = realiseMesh(twoIndex, demand).crossConnects;
    expect(planBySwapChains(twoIndex, before, churn(demand, 4, 2, rng(4)))).toBeUndefined();

    const { index, before: full, target } = permutationBlockInstance(8, 16, 5, 6);
    const grown = target.slice();
    grown[0] -= 1; // one link fewer out of block 0 and into block 0: degrees change
    expect(planBySwapChains(index, full, grown)).toBeUndefined();
  });
});
