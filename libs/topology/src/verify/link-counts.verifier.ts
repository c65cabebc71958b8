/**
 * Verifier: the logical links a set of cross-connects creates between endpoints equal a requested
 * matrix exactly.
 *
 * A cross-connect north(p) -> south(q) whose ports are fibred to endpoints X and Y is one link
 * between X and Y. Links are counted per unordered pair {X, Y} (fibres are bidirectional through
 * circulators, ocs-facts.md) unless `directed`, where north endpoint -> south endpoint is ordered.
 * Every pair not in `expected` must have zero links. Duplicate pairs in `expected` add up.
 * Cross-connects with an unfibred end are ignored here (verifyCrossConnects reports them).
 *
 * Endpoint pairs are numbers (a x E + b) counted in typed arrays (pair-tally.ts); their text is
 * built only for a violation.
 *
 * Complexity O(cross-connects + demands).
 */
import type { CrossConnect, FabricSpec, LinkDemand } from '../types';
import { PairTally } from './pair-tally';
import { fibreEndpointNo, indexForVerifier, NORTH, SOUTH, type VerifierIndex } from './verifier-index';
import { INVARIANTS, type Violation } from './violation';

export interface VerifyLinkCountsOptions {
  directed?: boolean;
  index?: VerifierIndex;
  limit?: number;
}

export function verifyLinkCounts(
  spec: FabricSpec,
  crossConnects: readonly CrossConnect[],
  expected: readonly LinkDemand[],
  options: VerifyLinkCountsOptions = {},
): Violation[] {
  const idx = options.index ?? indexForVerifier(spec);
  // Endpoints by number: the index's, then any only a demand names (it must count 0 links).
  const names = [...idx.endpointIds];
  const extra = new Map<string, number>();
  const numberOf = (id: string) => {
    let no = idx.endpointNo.get(id) ?? extra.get(id);
    if (no === undefined) extra.set(id, (no = names.push(id) - 1));
    return no;
  };
  const demands = expected.map((d) => [numberOf(d.a), numberOf(d.b)] as const);
  const M = names.length;
  const pair = options.directed ? (a: number, b: number) => a * M + b : (a: number, b: number) => (a <= b ? a * M + b : b * M + a);
  const actual = new PairTally(M * M);
  for (const c of crossConnects) {
    const sw = idx.switches.get(c.switchId);
    if (!sw) continue;
    const a = fibreEndpointNo(idx, sw, NORTH, c.north);
    const b = fibreEndpointNo(idx, sw, SOUTH, c.south);
    if (a >= 0 && b >= 0) actual.add(pair(a, b), 1);
  }
  const wanted = new PairTally(M * M);
  expected.forEach((d, i) => wanted.add(pair(demands[i][0], demands[i][1]), d.links));
  const out: Violation[] = [];
  const limit = options.limit ?? 1000;
  const compare = (k: number, want: number, got: number) => {
    if (want !== got && out.length < limit) {
      let a = names[Math.floor(k / M)];
      let b = names[k % M];
      if (!options.directed && b < a) [a, b] = [b, a];
      out.push({ invariant: INVARIANTS.linkCounts, endpoint: a, message: `${a} ${options.directed ? '->' : '<->'} ${b}: ${got} link(s), expected ${want}` });
    }
  };
  for (const k of wanted.order) compare(k, wanted.get(k), actual.get(k));
  for (const k of actual.order) if (!wanted.has(k)) compare(k, 0, actual.get(k));
  return out;
}
