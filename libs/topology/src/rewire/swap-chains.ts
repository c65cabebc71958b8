/**
 * Minimal rewiring by swap chains, for fabrics where every switch has at most one usable port per
 * endpoint per side (block fabrics such as J64 and the 1,000-OCS scale instance): each switch is a
 * partial permutation, nb[s][u] = the endpoint whose south port u's north port is joined to.
 *
 * Why: the path placement of plan-rewire.ts places one deficit circuit at a time along Konig
 * alternating paths; on full permutations those paths are long cycles, so it is slow at scale and
 * moves many kept circuits (3.7-4.1x the bound on J64 at 1% churn, 8x at 1,000 OCS). A change of
 * link counts that keeps degrees is a sum of 2x2 exchanges -(r1,c1) -(r2,c2) +(r1,c2) +(r2,c1).
 * One exchange is done exactly (cost 4, the bound) on a switch that carries both (r1,c1) and
 * (r2,c2). Otherwise a short chain of exchanges on distinct switches does it: an exchange of
 * (r1,c1) on switch s with the row y holding c2 there leaves the same shape of residual with r1
 * replaced by y, and so on until some switch carries both surplus pairs. A chain of k exchanges
 * costs about 4k; searching the chains by iterative deepening finds most at 2 to 3 exchanges.
 *
 * Algorithm: residual R = target - current counts. Repeatedly take a surplus pair (r1,c1) (R < 0)
 * with a deficit (r1,c2) in its row and (r2,c1) in its column, preferring (r2,c2) itself surplus;
 * find the cheapest chain for it (up to `maxDepth` exchanges before the last, on distinct
 * switches, cost = change in slots that differ from today) and apply it. Each task lowers sum |R|
 * by at least 2, so it ends. Returns undefined (the caller falls back to path placement) when the
 * fabric has more than one port per endpoint per side on a switch, a current circuit sits on an
 * unusable port, degrees change (row or column sums of R are not zero) or no chain is found.
 *
 * Complexity O(tasks x (2 x 2 x m)^depth) for m switches per pair (J64 ~4): milliseconds on J64,
 * tens of ms at 1,000 OCS. Invariant: every exchange keeps each switch a matching of usable ports;
 * the result realises `target` exactly (R = 0) or nothing is returned.
 */
import type { PortIndex } from '../mesh/port-index.build';
import { rng, shuffle } from '../mesh/random-instances';
import type { CrossConnect } from '../types';
import type { RewirePlan } from './rewire-plan';
import { colocationBoundOf, readPlan } from './swap-chain-plan.read';
import { chainSearch, ejectionChainsSteps, findChain } from './chain-search';
import { runToEnd, Slices, type Steps } from './run-steps';
import { exchange, exchangeCost, readPerms, type Perms } from './swap-chain-state';

/** A swap-chain plan is a rewiring plan like any other. */
export type SwapChainPlan = RewirePlan;

export interface SwapChainOptions {
  /** Exchanges before the closing one that a chain may use (default 4). */
  maxDepth?: number;
  /** Visit surplus pairs in an order shuffled by this seed (restarts differ); default row-major order. */
  seed?: number;
  /**
   * After the plan is complete, improve it by ejection chains of up to this many exchanges before
   * the closing one (ejectionChains); default 0 = none. On J64 depth 3 took 100-300 ms and saved
   * 4-5% of the changes at 1-25% churn (5%: 3,028 -> 2,898), so the budgeted planner's offline
   * restarts use it, not the construction.
   */
  improveDepth?: number;
}

/**
 * Candidate exchanges for surplus (r1,c1), written to sc.cand as (c2, r2) meaning surplus (r1,c1),
 * (r2,c2) with deficits (r1,c2), (r2,c1); returns how many. Exact ones (all four pairs want the change) only, unless `inexact`:
 * then also those where one pair does not (its circuit is left for a later exchange to settle):
 * (r2,c2) not surplus but carried somewhere, or (r2,c1) not a deficit with (r2,c2) surplus in a
 * deficit column of row r1, or (r1,c2) not a deficit with (r2,c2) surplus in a deficit row of column c1.
 */
function exchangesFor(p: Perms, r1: number, c1: number, inexact: boolean, sc: Scratch): number {
  const { E, R, RT, head } = p;
  const { cols, rows, cand } = sc;
  let nc = 0;
  let nr = 0;
  for (let k = 0; k < E; k++) {
    if (R[r1 * E + k] > 0) cols[nc++] = k;
    if (RT[c1 * E + k] > 0) rows[nr++] = k;
  }
  let n = 0;
  let others = 0;
  const add = (c2: number, r2: number) => {
    cand[2 * n] = c2;
    cand[2 * n + 1] = r2;
    n++;
  };
  for (let i = 0; i < nc; i++) {
    for (let j = 0; j < nr; j++) {
      const c2 = cols[i];
      const r2 = rows[j];
      if (r2 === r1 || c2 === c1 || head[r2 * E + c2] < 0) continue;
      if (R[r2 * E + c2] < 0) add(c2, r2);
      else others++;
    }
  }
  if (!inexact) return n;
  const limit = n + 8;
  if (others > 0) {
    for (let i = 0; i < nc && n < limit; i++) {
      for (let j = 0; j < nr && n < limit; j++) {
        const c2 = cols[i];
        const r2 = rows[j];
        if (r2 !== r1 && c2 !== c1 && head[r2 * E + c2] >= 0 && R[r2 * E + c2] >= 0) add(c2, r2);
      }
    }
  } else if (n === 0) {
    for (let i = 0; i < nc && n < limit; i++) for (let r2 = 0; r2 < E && n < limit; r2++) if (r2 !== r1 && R[r2 * E + cols[i]] < 0) add(cols[i], r2);
    for (let j = 0; j < nr && n < limit; j++) for (let c2 = 0; c2 < E && n < limit; c2++) if (c2 !== c1 && R[rows[j] * E + c2] < 0) add(c2, rows[j]);
  }
  return n;
}

/** Candidate lists of exchangesFor, allocated once per plan: a tuple per candidate was garbage by the million at 1,000 OCS. */
interface Scratch {
  cols: Int32Array;
  rows: Int32Array;
  /** (c2, r2) per candidate. */
  cand: Int32Array;
}

export function planBySwapChains(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: SwapChainOptions = {}): SwapChainPlan | undefined {
  return runToEnd(planBySwapChainsSteps(index, current, target, options));
}

/**
 * planBySwapChains as steps (run-steps.ts): yields between surplus pairs once YIELD_SLICE_MS have
 * passed (the clock is read every 64 pairs: at 1,000 OCS there are ~10^5 pairs per pass).
 */
export function* planBySwapChainsSteps(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: SwapChainOptions = {}): Steps<SwapChainPlan | undefined> {
  const p = readPerms(index, current, target);
  if (!p) return undefined;
  const { E, R } = p;
  const maxDepth = options.maxDepth ?? 4;
  let lowerBound = 0;
  for (let i = 0; i < R.length; i++) lowerBound += Math.abs(R[i]);
  const colocationBound = colocationBoundOf(p, lowerBound);
  // Cheapest first: chains of depth d are applied only once every exchange that fits in fewer
  // steps is done, so a long chain cannot take a switch a cheap exchange needed. Exchanges whose
  // fourth pair does not want the change (it is left for a later exchange) come after the exact
  // ones; a surplus still standing then gets deeper searches over fewer candidates.
  const passes: { depth: number; inexact: boolean; candidates: number }[] = [];
  for (let d = 0; d <= Math.min(3, maxDepth); d++) passes.push({ depth: d, inexact: false, candidates: d < 3 ? Infinity : 2 });
  for (let d = 2; d <= maxDepth; d++) passes.push({ depth: d, inexact: true, candidates: d < 3 ? Infinity : d === 3 ? 2 : 1 });
  const cs = chainSearch(p, Math.max(maxDepth, options.improveDepth ?? 0));
  const order = options.seed === undefined ? undefined : shuffle(E * E, rng(options.seed));
  const sc: Scratch = { cols: new Int32Array(E), rows: new Int32Array(E), cand: new Int32Array(2 * E * E + 16) };
  const slices = new Slices();
  for (const pass of passes) {
    if (pass.depth === 1 && !pass.inexact) rotateTriples(p);
    for (let i = 0; i < E * E; i++) {
      // Between pairs every applied chain is whole: the event loop may run. The clock is read
      // every 64 pairs (a pair is often a single array read).
      if ((i & 63) === 0) yield* slices.pause();
      const cell = order ? order[i] : i;
      while (R[cell] < 0) {
        const r1 = Math.floor(cell / E);
        const c1 = cell % E;
        let chosen: number[] | undefined;
        let cost = Infinity;
        const count = exchangesFor(p, r1, c1, pass.inexact, sc);
        // Deepening across the candidates: a short chain found for one prunes the deep searches of
        // all (a chain costs about 2 per exchange), so depth is paid only where nothing short exists.
        const from = pass.inexact ? 0 : pass.depth;
        for (let depth = from; depth <= pass.depth; depth++) {
          for (let k = 0; k < count && k < pass.candidates; k++) {
            const c2 = sc.cand[2 * k];
            const r2 = sc.cand[2 * k + 1];
            const chain = findChain(p, cs, r1, c1, r2, c2, depth, cost);
            if (!chain) continue;
            const c = chainCost(p, chain);
            if (c < cost) [cost, chosen] = [c, chain];
          }
        }
        if (!chosen) break;
        for (let k = 0; k < chosen.length; k += 3) exchange(p, chosen[k], chosen[k + 1], chosen[k + 2]);
      }
    }
  }
  for (let i = 0; i < R.length; i++) if (R[i] !== 0) return undefined;
  if (options.improveDepth) yield* ejectionChainsSteps(p, cs, options.improveDepth, 2);
  return readPlan(index, p, target, lowerBound, colocationBound);
}

/**
 * 3-rotations on one switch: surplus circuits a->x, b->y, c->z re-paired a->y, b->z, c->x where
 * all three are deficits (3 slots for 6 units of the bound, at the bound like an exact exchange).
 * Run after the exact exchanges and before any chain, as the path planner's rotations are.
 */
function rotateTriples(p: Perms): void {
  const { S, E, nb, R } = p;
  const surplus = (u: number, s: number) => nb[s * E + u] >= 0 && R[u * E + nb[s * E + u]] < 0;
  const list: number[] = [];
  for (let s = 0; s < S; s++) {
    list.length = 0;
    for (let u = 0; u < E; u++) if (surplus(u, s)) list.push(u);
    if (list.length < 3) continue;
    for (const a of list) {
      for (const b of list) {
        if (b === a || !surplus(a, s) || !surplus(b, s) || R[a * E + nb[s * E + b]] <= 0) continue;
        for (const c of list) {
          if (c === a || c === b || !surplus(c, s)) continue;
          const x = nb[s * E + a];
          const y = nb[s * E + b];
          const z = nb[s * E + c];
          if (R[b * E + z] <= 0 || R[c * E + x] <= 0 || x === y || y === z || x === z) continue;
          exchange(p, s, a, b); // a->y, b->x
          exchange(p, s, b, c); // b->z, c->x
          break;
        }
      }
    }
  }
}

// Cost of a chain applied in order (exchanges on distinct switches do not interact).
function chainCost(p: Perms, chain: number[]): number {
  let c = 0;
  for (let i = 0; i < chain.length; i += 3) c += exchangeCost(p, chain[i], chain[i + 1], chain[i + 2]);
  return c;
}
