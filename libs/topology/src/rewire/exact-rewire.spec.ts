import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { blockFabric, churnedInstance, randomDemand, rng } from '../mesh/test-fabrics.fixture';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { countKept, solveExactRewire } from './exact-rewire';
import { planRewire } from './plan-rewire';

// Small enough that branch and bound proves optimality in well under a second on a loaded machine.
const small = fc.record({ blocks: fc.integer({ min: 2, max: 6 }), ocs: fc.integer({ min: 1, max: 8 }), perSide: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 1, max: 2 ** 30 }) });

describe('solveExactRewire: the exact minimal rewiring (HiGHS) as a reference', () => {
  it('on random small fabrics: planner >= optimum >= co-location bound >= plain bound, undirected <= directed, both optima verified', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.integer({ min: 1, max: 30 }), async (c, pct) => {
        const { spec, index, before, target } = churnedInstance(c, pct, 0.2);
        const plan = planRewire(index, before, target);
        const exact = await solveExactRewire(index, before, target, { timeLimitMs: 60_000 });
        expect(exact.optimal).toBe(true);
        const optimum = exact.touched!;
        expect(plan.counts.touched).toBeGreaterThanOrEqual(optimum);
        expect(optimum).toBeGreaterThanOrEqual(plan.colocationBound);
        expect(plan.colocationBound).toBeGreaterThanOrEqual(plan.lowerBound);
        // The optimum is a real plan: valid circuits with the target's exact counts, at the cost it claims.
        expect(verifyCrossConnects(spec, exact.crossConnects!)).toEqual([]);
        expect(verifyLinkCounts(spec, exact.crossConnects!, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
        expect(before.length - countKept(before, exact.crossConnects!) + exact.crossConnects!.length - countKept(before, exact.crossConnects!)).toBe(optimum);
        const undirected = await solveExactRewire(index, before, target, { directed: false, timeLimitMs: 60_000 });
        expect(undirected.optimal).toBe(true);
        expect(undirected.touched!).toBeLessThanOrEqual(optimum);
        expect(verifyLinkCounts(spec, undirected.crossConnects!, linkMatrixToDemands(index, target), { directed: false })).toEqual([]);
      }),
      { numRuns: 10, seed: 5 },
    );
  }, 300_000);

  it('property: from the planner\'s plan as a MIP start the answer is never worse than the start, verified, and its proven lower bound never above it', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 400 }), async (c, pct, limitMs) => {
        const { spec, index, before, target } = churnedInstance(c, pct, 0.2);
        const plan = planRewire(index, before, target);
        // A short limit too: even a stopped solve answers with the start or better.
        const exact = await solveExactRewire(index, before, target, { timeLimitMs: limitMs, start: plan.crossConnects });
        expect(exact.touched).toBeDefined();
        expect(exact.touched!).toBeLessThanOrEqual(plan.counts.touched);
        expect(verifyCrossConnects(spec, exact.crossConnects!)).toEqual([]);
        expect(verifyLinkCounts(spec, exact.crossConnects!, linkMatrixToDemands(index, target), { directed: true })).toEqual([]);
        if (exact.lowerBound !== undefined) {
          expect(exact.lowerBound).toBeLessThanOrEqual(exact.touched!);
          expect(exact.lowerBound).toBeGreaterThanOrEqual(0);
        }
        if (exact.optimal) expect(exact.lowerBound).toBe(exact.touched);
      }),
      { numRuns: 10, seed: 7 },
    );
  }, 300_000);

  it('is 0 when the target is today\'s topology and reports an infeasible target as not optimal', async () => {
    const spec = blockFabric({ blocks: 4, ocs: 3, perSide: 1, seed: 1 });
    const index = buildPortIndex(spec);
    const demand = randomDemand(4, 3, rng(3));
    const before = realiseMesh(index, demand).crossConnects;
    const same = await solveExactRewire(index, before, demand);
    expect(same).toMatchObject({ optimal: true, touched: 0 });
    const tooMany = demand.slice();
    tooMany[1] += 5;
    const refused = await solveExactRewire(index, before, tooMany);
    expect(refused.optimal).toBe(false);
    expect(refused.touched).toBeUndefined();
  }, 60_000);
});
