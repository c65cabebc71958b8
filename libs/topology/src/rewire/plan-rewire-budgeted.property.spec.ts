import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { blockCase, blockFabric, churn, churnedInstance, randomDemand, rng } from '../mesh/test-fabrics.fixture';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planRewire } from './plan-rewire';
import { planRewireWithin } from './plan-rewire-budgeted';

describe('planRewireWithin: the construction, then the large-neighbourhood search within a budget', () => {
  it('property: never worse than its construction, never below the bounds, always passes the independent verifier', async () => {
    await fc.assert(
      fc.asyncProperty(blockCase, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 400 }), async (c, pct, budgetMs) => {
        const { spec, index, before, target } = churnedInstance(c, pct, 0.1);
        const plan = await planRewireWithin(index, before, target, { budgetMs, seed: c.seed });
        expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
        expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
        expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
        expect(plan.counts.touched).toBeLessThanOrEqual(plan.search.constructionTouched);
        expect(plan.counts.touched).toBe(plan.search.constructionTouched - plan.search.saved);
        expect(plan.counts.touched).toBeGreaterThanOrEqual(plan.colocationBound);
      }),
      { numRuns: 25, seed: 17 },
    );
  }, 300_000);

  it('on a fabric where path placement is far from the optimum (34 changes, optimum 20), a budget of seconds plans far fewer', async () => {
    // 16 blocks x 32 OCS at 1% churn, seed of the exact benchmark (bench/topology/exact-cases.ts).
    const spec = blockFabric({ blocks: 16, ocs: 32, perSide: 1, seed: 0 });
    const index = buildPortIndex(spec);
    const rand = rng(1 * 1000 + 16 * 10 + 1);
    const demand = randomDemand(16, 32, rand);
    const before = realiseMesh(index, demand).crossConnects;
    const target = churn(demand, 16, Math.round(0.01 * 16 * 32), rand);
    const paths = planRewire(index, before, target, { swapChains: false, searchBudgetMs: 1e9 });
    const plan = await planRewireWithin(index, before, target, { budgetMs: 5_000 });
    expect(plan.counts.touched).toBeLessThan(paths.counts.touched);
    expect(plan.counts.touched).toBeGreaterThanOrEqual(plan.colocationBound);
    expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
    expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
  }, 120_000);
});
