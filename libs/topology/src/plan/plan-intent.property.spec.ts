import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { LinkDemand } from '../types';
import { planIntent } from './plan-intent';

/** k random permutations of n blocks as directed link demands (every block degree k per side). */
function permutations(n: number, k: number, seeds: number[]): LinkDemand[] {
  const out = new Map<string, LinkDemand>();
  for (let j = 0; j < k; j++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const r = seeds[(j * n + i) % seeds.length] % (i + 1);
      [perm[i], perm[r]] = [perm[r], perm[i]];
    }
    perm.forEach((b, a) => {
      const key = `${a}>${b}`;
      const d = out.get(key) ?? { a: `block-${a}`, b: `block-${b}`, links: 0 };
      d.links++;
      out.set(key, d);
    });
  }
  return [...out.values()];
}

describe('planIntent property: random block fabrics, every plan verified', () => {
  it('mesh, then rewire to a new target, then repair a failed port and OCS: no violations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        async (blocks, r, ocs, seeds, share) => {
          // Random permutations have fixed points (block-i -> block-i), so this fabric allows loopbacks.
          const spec = { ...generateBlockFabric({ blocks, uplinks: 2 * r * ocs, ocs, portsPerOcs: blocks * r }), allowLoopbacks: true };
          // Half the runs leave r ports per side free on every block (a failed OCS can be absorbed),
          // half use every port (a failure then loses links, which the repair must report, not hide).
          const k = seeds[1] % 2 === 0 ? r * ocs - r : r * ocs;
          const mesh = await planIntent(spec, { kind: 'mesh', links: permutations(blocks, k, seeds) }, [], { fullState: true });
          expect(mesh.violations).toEqual([]);
          const target = permutations(blocks, k, seeds.map((s) => s * 7 + 3));
          const rewire = await planIntent(spec, { kind: 'rewire', target, maxLossShare: share }, mesh.crossConnects!, { fullState: true });
          expect(rewire.violations).toEqual([]);
          expect(rewire.metrics.touched).toBeGreaterThanOrEqual(rewire.metrics.lowerBound.touched!);
          expect(rewire.metrics.stages).toBeGreaterThanOrEqual(rewire.metrics.stageLowerBound);
          const c = rewire.crossConnects![seeds[0] % rewire.crossConnects!.length];
          if (!c) return;
          const port = await planIntent(spec, { kind: 'repair', failure: { type: 'port', switchId: c.switchId, side: 'south', port: c.south } }, rewire.crossConnects!);
          expect(port.violations).toEqual([]);
          const down = await planIntent(spec, { kind: 'repair', failure: { type: 'ocs', switchId: c.switchId } }, rewire.crossConnects!);
          expect(down.violations).toEqual([]);
          expect((down.details as { linksLost: number }).linksLost).toBe(k === r * ocs ? blocks * r : 0);
        },
      ),
      { numRuns: 40, seed: 11 },
    );
    // Each rewire spends up to its default 200 ms search budget: 40 runs need more than the default timeout.
  }, 120_000);
});
