import { describe, expect, it } from 'vitest';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { j64BenchInstances } from '../mesh/test-fabrics.fixture';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planRewireWithin } from './plan-rewire-budgeted';

describe('planRewireWithin: gives the event loop turns while it spends its budget', () => {
  it('timers keep firing during a 2 s plan on J64 (held in one go, none fired until it ended)', async () => {
    const { index, before, targets } = j64BenchInstances();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await planRewireWithin(index, before, targets[1], { budgetMs: 2_000, seed: 1 });
    } finally {
      clearInterval(timer);
    }
    // About 75 on a quiet machine (one per 20 ms slice); a busy machine gives fewer turns, so the
    // bound leaves room.
    expect(ticks).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('two plans on one fabric interleaving at their pauses are each complete and valid (no state shared between them)', async () => {
    const { spec, index, before, targets } = j64BenchInstances();
    const plans = await Promise.all(targets.map((target, i) => planRewireWithin(index, before, target, { budgetMs: 600, seed: i + 1 })));
    for (const [i, plan] of plans.entries()) {
      expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
      expect(verifyLinkCounts(spec, plan.crossConnects, linkMatrixToDemands(index, targets[i]), { directed: true })).toEqual([]);
      expect(verifyDiff(before, plan.crossConnects, plan.changes, plan.counts)).toEqual([]);
      expect(plan.counts.touched).toBeLessThanOrEqual(plan.search.constructionTouched);
    }
  }, 60_000);
});
