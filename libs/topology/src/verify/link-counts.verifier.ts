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
 * Complexity O(cross-connects + demands).
 */
import type { CrossConnect, FabricSpec, LinkDemand } from '../types';
import { indexForVerifier, type VerifierIndex } from './verifier-index';
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
  const key = (a: string, b: string) => (options.directed || a <= b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const actual = new Map<string, number>();
  for (const c of crossConnects) {
    const sw = idx.switches.get(c.switchId);
    const fn = sw?.fibres.north[c.north];
    const fs = sw?.fibres.south[c.south];
    if (!fn || !fs) continue;
    const k = key(fn.endpoint, fs.endpoint);
    actual.set(k, (actual.get(k) ?? 0) + 1);
  }
  const wanted = new Map<string, number>();
  for (const d of expected) {
    const k = key(d.a, d.b);
    wanted.set(k, (wanted.get(k) ?? 0) + d.links);
  }
  const out: Violation[] = [];
  const limit = options.limit ?? 1000;
  const compare = (k: string, want: number, got: number) => {
    if (want !== got && out.length < limit) {
      const [a, b] = k.split('\u0000');
      out.push({ invariant: INVARIANTS.linkCounts, endpoint: a, message: `${a} ${options.directed ? '->' : '<->'} ${b}: ${got} link(s), expected ${want}` });
    }
  };
  for (const [k, want] of wanted) compare(k, want, actual.get(k) ?? 0);
  for (const [k, got] of actual) if (!wanted.has(k)) compare(k, 0, got);
  return out;
}
