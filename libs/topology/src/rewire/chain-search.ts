/**
 * The chain search of swap-chain rewiring (swap-chains.ts): the cheapest chain of 2x2 exchanges on
 * distinct switches that resolves a residual of two surplus pairs, by depth-first search with
 * pruning; and ejection chains, which use it to improve a finished plan.
 *
 * Complexity: O((2 x 2 x m)^depth) nodes per search for m switches per pair, no allocation per node.
 */
import { runToEnd, Slices, type Steps } from './run-steps';
import { exchange, exchangeCost, type Perms } from './swap-chain-state';

/**
 * Scratch of the chain search, allocated once per plan: switches on the chain being built (a mark
 * per switch instead of a list, so the test is one load), the chain as (s, a, b) triples, and the
 * best chain found. At 1,000 OCS the search visits millions of nodes; allocating per node (array
 * copies, spreads, destructuring) cost more than the search itself.
 */
export interface ChainSearch {
  used: Uint8Array;
  steps: Int32Array;
  bestSteps: Int32Array;
  bestLen: number;
  best: number;
  /** Extra cost a partial chain may carry before it is pruned (0 when building; more when improving). */
  slack: number;
}

export function chainSearch(p: Perms, maxDepth: number): ChainSearch {
  const len = 3 * (maxDepth + 1);
  return { used: new Uint8Array(p.S), steps: new Int32Array(len), bestSteps: new Int32Array(len), bestLen: -1, best: Infinity, slack: 0 };
}

/**
 * Cheapest chain resolving surplus (a1,b1),(a2,b2) with deficits (a1,b2),(a2,b1) that costs less
 * than `bound` (the best chain of an earlier candidate: its cost prunes this search as its own
 * would): a list of (s, a, b) exchanges, or undefined within the depth.
 */
export function findChain(p: Perms, cs: ChainSearch, a1: number, b1: number, a2: number, b2: number, maxDepth: number, bound: number): number[] | undefined {
  cs.best = bound;
  cs.bestLen = -1;
  visit(p, cs, a1, b1, a2, b2, maxDepth, 0, 0);
  return cs.bestLen < 0 ? undefined : Array.from(cs.bestSteps.subarray(0, cs.bestLen));
}

function record(cs: ChainSearch, len: number, cost: number): void {
  cs.best = cost;
  cs.bestSteps.set(cs.steps.subarray(0, len));
  cs.bestLen = len;
}

/** Depth-first search of chains from residual surplus (x1,y1),(x2,y2); `len` entries of cs.steps are the chain so far. */
function visit(p: Perms, cs: ChainSearch, x1: number, y1: number, x2: number, y2: number, depth: number, cost: number, len: number): void {
  const { E, nb, sb, head, next } = p;
  const { used, steps } = cs;
  if (x1 === x2 || y1 === y2) {
    // The residual cancelled itself (the chain's own exchanges met).
    if (cost < cs.best) record(cs, len, cost);
    return;
  }
  for (let k = head[x1 * E + y1]; k >= 0; k = next[k]) {
    const s = (k / E) | 0;
    if (nb[s * E + x2] !== y2 || used[s] === 1) continue;
    const c = cost + exchangeCost(p, s, x1, x2);
    if (c < cs.best) {
      steps[len] = s;
      steps[len + 1] = x1;
      steps[len + 2] = x2;
      record(cs, len + 3, c);
    }
  }
  if (depth === 0 || cost + 2 - cs.slack >= cs.best) return;
  for (let side = 0; side < 2; side++) {
    // Pivot on surplus (p1,q1); the other surplus is (p2,q2); deficits (p1,q2), (p2,q1).
    const p1 = side === 0 ? x1 : x2;
    const q1 = side === 0 ? y1 : y2;
    const p2 = side === 0 ? x2 : x1;
    const q2 = side === 0 ? y2 : y1;
    for (let k = head[p1 * E + q1]; k >= 0; k = next[k]) {
      const s = (k / E) | 0;
      if (used[s] === 1) continue;
      used[s] = 1;
      steps[len] = s;
      steps[len + 1] = p1;
      // A: exchange with the row holding q2 on s: builds (p1,q2); leaves surplus (y,q1) for deficit (y,q2).
      const y = sb[s * E + q2];
      if (y >= 0 && y !== p2) {
        steps[len + 2] = y;
        visit(p, cs, y, q1, p2, q2, depth - 1, cost + exchangeCost(p, s, p1, y), len + 3);
      }
      // B: exchange with row p2 (holding z on s): builds (p2,q1); leaves surplus (p1,z) for deficit (p2,z).
      const z = nb[s * E + p2];
      if (z >= 0 && z !== q2) {
        steps[len + 1] = p1;
        steps[len + 2] = p2;
        visit(p, cs, p1, z, p2, q2, depth - 1, cost + exchangeCost(p, s, p1, p2), len + 3);
      }
      used[s] = 0;
    }
  }
}

/**
 * Improvement of a finished plan by ejection chains: put one moved circuit back (an exchange on its
 * switch that restores its slot) and close the residual that leaves with the chain search on other
 * switches; kept when the whole costs less than before (undone otherwise). R stays 0 between steps.
 * Stops between switches once performance.now() passes `until` (default never).
 */
export function ejectionChains(p: Perms, cs: ChainSearch, depth: number, slack: number, until = Infinity): void {
  runToEnd(ejectionChainsSteps(p, cs, depth, slack, until));
}

/** ejectionChains as steps (run-steps.ts): yields between switches once YIELD_SLICE_MS have passed (R is 0 there). */
export function* ejectionChainsSteps(p: Perms, cs: ChainSearch, depth: number, slack: number, until = Infinity): Steps<void> {
  const take = (s: number, a: number, b: number) => exchange(p, s, a, b);
  // cs is this plan's own scratch: other plans running at the pauses have theirs.
  cs.slack = slack;
  const slices = new Slices();
  for (let improved = true; improved; ) {
    improved = false;
    for (let s = 0; s < p.S; s++) {
      if (performance.now() > until) break;
      yield* slices.pause();
      improved = ejectOnSwitch(p, cs, s, depth, take) || improved;
    }
  }
  cs.slack = 0;
}

/**
 * One pass of ejection chains over the moved slots of switch s (cs.slack as the caller set it): for
 * each, the exchange that restores it is tried and a chain closing its residual for less than the
 * restore saves is searched; both are then taken back out and, when a chain was found, handed to
 * `take` exchange by exchange (the restore first) to apply, so a caller can log them. True when any
 * was taken.
 */
export function ejectOnSwitch(p: Perms, cs: ChainSearch, s: number, depth: number, take: (s: number, a: number, b: number) => void): boolean {
  const { E, nb, sb, orig } = p;
  let taken = false;
  for (let a = 0; a < E; a++) {
    const o = orig[s * E + a];
    const c = nb[s * E + a];
    if (o < 0 || c < 0 || c === o) continue;
    const b = sb[s * E + o];
    if (b < 0) continue;
    const restore = exchangeCost(p, s, a, b);
    if (restore >= 0) continue;
    exchange(p, s, a, b);
    cs.used[s] = 1;
    const chain = findChain(p, cs, a, o, b, c, depth, -restore);
    cs.used[s] = 0;
    exchange(p, s, a, b);
    if (!chain) continue;
    take(s, a, b);
    for (let k = 0; k < chain.length; k += 3) take(chain[k], chain[k + 1], chain[k + 2]);
    taken = true;
  }
  return taken;
}
