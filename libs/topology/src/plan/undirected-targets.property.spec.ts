import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockCase, churnedInstance, type BlockCase } from '../mesh/test-fabrics.fixture';
import type { CrossConnect, FabricSpec, LinkDemand } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { planIntent } from './plan-intent';

/** A churned target written as entries of the given direction (split as the matrix has it). */
function entries(spec: FabricSpec, m: Int32Array, blocks: number, directed: boolean): LinkDemand[] {
  const out: LinkDemand[] = [];
  for (let u = 0; u < blocks; u++) {
    for (let v = 0; v < blocks; v++) if (m[u * blocks + v] > 0) out.push({ a: spec.endpoints[u].id, b: spec.endpoints[v].id, links: m[u * blocks + v], directed });
  }
  return out;
}

function instance(c: BlockCase, pct: number) {
  const { spec, before, target } = churnedInstance(c, pct, 0.1);
  // Random permutations have fixed points, so these fabrics allow loopbacks.
  return { spec: { ...spec, allowLoopbacks: true } as FabricSpec, before, target };
}

/** The independent checks: a valid state with exactly the requested links per unordered pair. */
function expectValid(spec: FabricSpec, after: CrossConnect[], wanted: LinkDemand[]): void {
  expect(verifyCrossConnects(spec, after)).toEqual([]);
  expect(verifyLinkCounts(spec, after, wanted, { directed: false })).toEqual([]);
}

describe('undirected mesh and rewire targets (issue 11 item 3)', () => {
  it('property: an undirected rewire is valid and never costs more than the same entries read as a fixed (directed) split', async () => {
    await fc.assert(
      fc.asyncProperty(blockCase, fc.integer({ min: 1, max: 40 }), async (c, pct) => {
        const { spec, before, target } = instance(c, pct);
        const fixed = await planIntent(spec, { kind: 'rewire', target: entries(spec, target, c.blocks, true), budgetMs: 0 }, before, { fullState: true });
        const free = await planIntent(spec, { kind: 'rewire', target: entries(spec, target, c.blocks, false), budgetMs: 0 }, before, { fullState: true });
        expect(free.violations).toEqual([]);
        expectValid(spec, free.crossConnects!, entries(spec, target, c.blocks, false));
        expect(free.metrics.touched).toBeLessThanOrEqual(fixed.metrics.touched);
        // The split closest to today has the least plain bound of all splits, the fixed one included.
        expect(free.metrics.lowerBound.touched!).toBeLessThanOrEqual(fixed.metrics.lowerBound.touched!);
        expect(free.metrics.touched).toBeGreaterThanOrEqual(free.metrics.lowerBound.touched!);
      }),
      { numRuns: 30, seed: 23 },
    );
  }, 300_000);

  it('property: with a search budget, undirected targets written in one direction only (a split no port layout may fit) still plan valid', async () => {
    await fc.assert(
      fc.asyncProperty(blockCase, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), async (c, pct, budgetMs) => {
        const { spec, before, target } = instance(c, pct);
        // Every pair's total written once, a = the lower block: read as directed it often exceeds the north ports.
        const wanted: LinkDemand[] = [];
        for (let u = 0; u < c.blocks; u++) {
          for (let v = u; v < c.blocks; v++) {
            const n = u === v ? target[u * c.blocks + u] : target[u * c.blocks + v] + target[v * c.blocks + u];
            if (n > 0) wanted.push({ a: spec.endpoints[u].id, b: spec.endpoints[v].id, links: n });
          }
        }
        const plan = await planIntent(spec, { kind: 'rewire', directed: false, target: wanted, budgetMs }, before, { fullState: true });
        expect(plan.violations).toEqual([]);
        expectValid(spec, plan.crossConnects!, wanted);
        expect(plan.metrics.touched).toBeGreaterThanOrEqual(plan.metrics.lowerBound.touched!);
        const mesh = await planIntent(spec, { kind: 'mesh', directed: false, links: wanted }, [], { fullState: true });
        expect(mesh.violations).toEqual([]);
        expectValid(spec, mesh.crossConnects!, wanted);
      }),
      { numRuns: 30, seed: 29 },
    );
  }, 300_000);
});
