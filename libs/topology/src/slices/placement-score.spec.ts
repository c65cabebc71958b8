import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseCubeGroup, DEFAULT_SHAPE_MIX, fragmentationLoss, leaseCost, PLACEMENT_POLICIES } from './placement-score';

describe('placement score: which pod takes a slice', () => {
  it('first-fit takes the first pod with room, best-fit the tightest, fragmentation-aware keeps aligned room', () => {
    // Pod 0 empty (64 free), pod 1 with 40 free, pod 2 with 5 free; a 4-cube slice.
    expect(chooseCubeGroup([64, 40, 5], 4, { policy: 'first-fit' })).toBe(0);
    expect(chooseCubeGroup([64, 40, 5], 4, { policy: 'best-fit' })).toBe(2);
    expect(chooseCubeGroup([64, 40, 5], 4, { policy: 'fragmentation-aware' })).toBe(2);
    // 64 free loses its room for the whole-pod slice; 40 free (room for one 32) loses less than it.
    expect(fragmentationLoss(64, 4)).toBeGreaterThan(fragmentationLoss(40, 4));
  });

  it('lease-aware puts a slice where the release time grows least, an empty pod last, and is first-fit without a lease end', () => {
    // Pod 0 empty, pod 1 busy until 100, pod 2 busy until 30; a slice ending at 90.
    const releaseAt = [undefined, 100, 30];
    expect(chooseCubeGroup([64, 10, 20], 4, { policy: 'lease-aware', endsAt: 90, releaseAt })).toBe(1);
    // Ending at 200 it grows pod 1 by 100 and pod 2 by 170: pod 1 still; ending at 20 both cost 0, best-fit.
    expect(chooseCubeGroup([64, 10, 20], 4, { policy: 'lease-aware', endsAt: 200, releaseAt })).toBe(1);
    expect(chooseCubeGroup([64, 30, 20], 4, { policy: 'lease-aware', endsAt: 20, releaseAt })).toBe(2);
    expect(chooseCubeGroup([64, 10, 20], 16, { policy: 'lease-aware', endsAt: 90, releaseAt })).toBe(2);
    expect(chooseCubeGroup([64, 10, 20], 32, { policy: 'lease-aware', endsAt: 90, releaseAt })).toBe(0);
    expect(chooseCubeGroup([64, 10, 20], 4, { releaseAt })).toBe(0);
    expect(leaseCost(5, undefined)).toBe(Infinity);
    expect(leaseCost(5, Infinity)).toBe(0);
  });

  it('property: every policy picks a pod with room, or -1 exactly when none has; fragmentation-aware loses no more future room than the others', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ free: fc.integer({ min: 0, max: 64 }), release: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(1, 2, 4, 8, 16, 32, 64),
        fc.integer({ min: 0, max: 1000 }),
        (pods, needed, endsAt) => {
          const free = pods.map((p) => p.free);
          const releaseAt = pods.map((p) => p.release);
          const picks = PLACEMENT_POLICIES.map((policy) => chooseCubeGroup(free, needed, { policy, endsAt, releaseAt }));
          const fits = free.some((f) => f >= needed);
          for (const g of picks) expect(g >= 0 ? free[g] >= needed : !fits).toBe(true);
          if (!fits) return;
          const loss = (g: number) => fragmentationLoss(free[g], needed, DEFAULT_SHAPE_MIX);
          for (const g of picks) expect(loss(picks[2])).toBeLessThanOrEqual(loss(g) + 1e-9);
          const cost = (g: number) => leaseCost(endsAt, releaseAt[g]);
          for (const g of picks) expect(cost(picks[3])).toBeLessThanOrEqual(cost(g));
        },
      ),
      { numRuns: 300, seed: 31 },
    );
  });
});
