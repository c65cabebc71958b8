/**
 * Iterated local search over ejection chains, for the budgeted planner (plan-rewire-budgeted.ts) on
 * fabrics where swap chains apply (every switch a partial permutation, swap-chain-state.ts).
 *
 * Why: ejection chains alone (chain-search.ts) stop at the first plan none of their moves improves,
 * and restarts of the construction plateau well above what the LP relaxation allows (J64 at 1%:
 * 814 changes after 2 s and after 10 s; the LP bound of J64 at 5% is 1,742 against the best plan's
 * 2,564, docs/benchmarks.md). The plans are local optima of every neighbourhood tried, so the
 * search has to cross plateaus: a kick that makes the plan locally worse, then ejection chains
 * around it, kept when the whole is no worse.
 *
 * Algorithm, one iteration: pick a moved slot at random (a circuit not on today's ports), put it
 * back by an exchange on its switch and close the residual with the cheapest chain of up to
 * `kickDepth` exchanges on other switches whatever it costs (the kick); then ejection chains on the
 * switches the kick touched, and on those each accepted chain touches, until none improves. The
 * iteration is kept when it costs no more than before (plateau moves are what let it travel), or
 * with a small probability when it costs more (`temperature`); otherwise its exchanges are undone in
 * reverse order (an exchange is its own inverse), so an iteration allocates nothing and copies no
 * state. Runs until `until`; the best state seen is copied when the walk leaves it uphill and put
 * back at the end.
 *
 * Invariants: R stays 0 between iterations (each kick and chain resolves its own residual), every
 * switch stays a matching of usable ports (exchanges only), and the result never has more changed
 * slots than the plan it starts from. Random choices come from `seed`, but how many iterations fit
 * depends on the machine, so a plan repeats only on the same machine speed. Complexity per iteration: one chain search of depth
 * `kickDepth` plus the ejection searches of the switches touched, O((4m)^depth) each for m switches
 * per pair. Reference: Lourenco, Martin and Stutzle, "Iterated Local Search", Handbook of
 * Metaheuristics, 2003; Glover, "Ejection chains", Discrete Applied Mathematics 65, 1996.
 */
import type { PortIndex } from '../mesh/port-index.build';
import { rng } from '../mesh/random-instances';
import type { CrossConnect } from '../types';
import { chainSearch, ejectionChainsSteps, ejectOnSwitch, findChain, type ChainSearch } from './chain-search';
import type { RewirePlan } from './rewire-plan';
import { colocationBoundOf, readPlan } from './swap-chain-plan.read';
import { runToEnd, Slices, type Steps } from './run-steps';
import { exchange, exchangeCost, readPerms, type Perms } from './swap-chain-state';

export interface EjectionSearchOptions {
  /** performance.now() at which the search stops. */
  until: number;
  /** Iterations after which it stops even with time left (tests: same seed, same count, same plan); default none. */
  maxIterations?: number;
  /** Seed of the kicks (same seed, same machine speed: same plan). */
  seed?: number;
  /** Exchanges of the ejection chains that repair after a kick (default 4). */
  depth?: number;
  /**
   * Exchanges of the kick's closing chain (default 5). Deeper kicks travel further but cost more
   * per iteration: on J64 at 1% churn depth 3, 4, 5 gave 808, 796, 782 changes in 1.5 s, and 6
   * gave 788 with a quarter of the iterations (its search is unbounded by a best so far).
   */
  kickDepth?: number;
  /**
   * Iterations that cost delta > 0 more slots are still kept with probability exp(-delta / t)
   * (annealing's acceptance at a fixed temperature); 0 = only those that cost nothing. Default 0.8:
   * with 1.7 s from the construction on the exact table's 16 x 32 fabric at 5%, seed 2 (optimum 94),
   * seeds 1-5 ended at 98 / 98 / 96 / 96 / 98, against 100 / 98 / 100 / 100 / 100 at 0.5 and 104
   * for every seed at 0 (before walks restarted, 0.5 left seed 3 at 108); on J64 0, 0.3, 0.5 and
   * 0.8 were alike (1%: 744-782).
   */
  temperature?: number;
}

export interface EjectionSearchResult {
  /** Slots (switch, north endpoint) that differ from today's in the best state, which `p` holds on return. */
  changed: number;
  iterations: number;
  accepted: number;
  /** Walks begun (1 + restarts after a stall). */
  walks: number;
}

/**
 * The search on a finished plan for `target` (e.g. the best restart's): the plan is read as the
 * state and today's circuits as the slots to return to. Undefined where the fabric or the plan does
 * not fit swap chains (readPerms). Never more changes than `planned`.
 */
export function improveByEjectionSearch(
  index: PortIndex,
  current: readonly CrossConnect[],
  target: Int32Array,
  planned: readonly CrossConnect[],
  options: EjectionSearchOptions,
): (RewirePlan & { search: EjectionSearchResult }) | undefined {
  return runToEnd(ejectionSearchPlanSteps(index, current, target, planned, options));
}

/** improveByEjectionSearch as steps that pause every YIELD_SLICE_MS (run-steps.ts: the budgeted planner runs them yielding). */
export function* ejectionSearchPlanSteps(
  index: PortIndex,
  current: readonly CrossConnect[],
  target: Int32Array,
  planned: readonly CrossConnect[],
  options: EjectionSearchOptions,
): Steps<(RewirePlan & { search: EjectionSearchResult }) | undefined> {
  const today = readPerms(index, current, target);
  const p = readPerms(index, planned, target);
  if (!today || !p) return undefined;
  p.orig = today.nb;
  let lowerBound = 0;
  for (let i = 0; i < today.R.length; i++) lowerBound += Math.abs(today.R[i]);
  const search = yield* ejectionSearchSteps(p, options);
  return { ...readPlan(index, p, target, lowerBound, colocationBoundOf(today, lowerBound)), search };
}

/**
 * Iterations without a new best of the current walk after which the walk starts again from the
 * plan it was given (its random stream goes on, so the next walk differs): on the exact table's
 * 16 x 32 fabric at 5%, seed 2 (optimum 94), walks end 96-108 depending on the seed and stop
 * improving within about 3,000 iterations (340 ms), so several walks in the budget find the low end
 * where one long walk may sit at 108. J64 walks still improve after 10,000 iterations (10 s), so
 * they are not cut there.
 */
const STALL_ITERATIONS = 2_000;

/** Slots of `p` that differ from today's (p.orig). */
export function changedSlots(p: Perms): number {
  let c = 0;
  for (let i = 0; i < p.nb.length; i++) if (p.nb[i] !== p.orig[i]) c++;
  return c;
}

/** Runs the search on `p` in place (R must be 0: a complete plan); `p` holds the best state found on return. */
export function searchByEjection(p: Perms, options: EjectionSearchOptions): EjectionSearchResult {
  return runToEnd(ejectionSearchSteps(p, options));
}

/** searchByEjection as steps: yields between iterations once YIELD_SLICE_MS have passed since the last pause. */
export function* ejectionSearchSteps(p: Perms, options: EjectionSearchOptions): Steps<EjectionSearchResult> {
  const depth = options.depth ?? 4;
  const kickDepth = options.kickDepth ?? 5;
  const cs = chainSearch(p, Math.max(depth, kickDepth));
  yield* ejectionChainsSteps(p, cs, depth, 2, options.until);
  const { S, E, nb, sb, orig } = p;
  let current = changedSlots(p);
  // The best state is copied whenever it improves (rare on J64, cheap on small fabrics), and the
  // walk's start too: a walk that stalls starts again from there (see STALL_ITERATIONS).
  let best = current;
  let bestNb = nb.slice();
  const startNb = bestNb;
  const startCost = current;
  let walkBest = current;
  let lastGain = 0;
  let walks = 1;
  const temperature = options.temperature ?? 0.8;
  const rand = rng(options.seed ?? 1);
  // Exchanges applied in this iteration, as (s, a, b) triples, to undo it; switches it touched.
  const log: number[] = [];
  const queued = new Uint8Array(S);
  const work: number[] = [];
  let delta = 0;
  const apply = (s: number, a: number, b: number) => {
    delta += exchangeCost(p, s, a, b);
    exchange(p, s, a, b);
    log.push(s, a, b);
    if (queued[s] === 0) {
      queued[s] = 1;
      work.push(s);
    }
  };
  let iterations = 0;
  let accepted = 0;
  const maxIterations = options.maxIterations ?? Infinity;
  const slices = new Slices();
  while (current > 0 && iterations < maxIterations) {
    if (performance.now() >= options.until) break;
    // Between iterations R is 0 and nothing is half done: the state may wait while others run.
    // After a pause the deadline is checked again before another iteration starts.
    if (yield* slices.pause()) continue;
    iterations++;
    for (const s of work) queued[s] = 0;
    work.length = 0;
    log.length = 0;
    delta = 0;
    const slot = movedSlot(p, rand);
    if (slot < 0) break;
    const s = (slot / E) | 0;
    const a = slot % E;
    const o = orig[slot];
    const c = nb[slot];
    const b = sb[s * E + o];
    apply(s, a, b);
    cs.used[s] = 1;
    const chain = findChain(p, cs, a, o, b, c, kickDepth, Infinity);
    cs.used[s] = 0;
    if (chain) {
      for (let k = 0; k < chain.length; k += 3) apply(chain[k], chain[k + 1], chain[k + 2]);
      repairAround(p, cs, depth, work, queued, apply);
    }
    if (chain && (delta <= 0 || (temperature > 0 && rand() < Math.exp(-delta / temperature)))) {
      accepted++;
      current += delta;
      if (current < walkBest) {
        walkBest = current;
        lastGain = iterations;
      }
      if (current < best) {
        best = current;
        bestNb = nb.slice();
      }
    } else {
      // An exchange is its own inverse: undo in reverse order.
      for (let k = log.length - 3; k >= 0; k -= 3) exchange(p, log[k], log[k + 1], log[k + 2]);
    }
    if (iterations - lastGain >= STALL_ITERATIONS) {
      restore(p, startNb);
      current = walkBest = startCost;
      lastGain = iterations;
      walks++;
    }
  }
  if (current > best) restore(p, bestNb);
  return { changed: best, iterations, accepted, walks };
}

/** Puts `p` back to the permutations `to` (one exchange per row out of place; exchanges keep each switch's set of rows and ends). */
function restore(p: Perms, to: Int32Array): void {
  const { S, E, nb, sb } = p;
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < E; a++) {
      const want = to[s * E + a];
      if (want >= 0 && nb[s * E + a] !== want) exchange(p, s, a, sb[s * E + want]);
    }
  }
}

/**
 * A slot whose circuit is not today's and whose today's south end is held by another row of that
 * switch now (the kick's exchange needs it: a plan read from path placement may have left it free),
 * or -1.
 */
function movedSlot(p: Perms, rand: () => number): number {
  const { S, E } = p;
  const n = S * E;
  for (let tries = 0; tries < 64; tries++) {
    const slot = Math.floor(rand() * n);
    if (movable(p, slot)) return slot;
  }
  // Few moved slots: scan from a random point instead of sampling.
  const from = Math.floor(rand() * n);
  for (let i = 0; i < n; i++) {
    const slot = (from + i) % n;
    if (movable(p, slot)) return slot;
  }
  return -1;
}

function movable(p: Perms, slot: number): boolean {
  const o = p.orig[slot];
  const c = p.nb[slot];
  return o >= 0 && c >= 0 && c !== o && p.sb[((slot / p.E) | 0) * p.E + o] >= 0;
}

/** Ejection chains (chain-search.ts) on the switches in `work` only, walking it as a queue: every switch an accepted chain touches joins it again. */
function repairAround(p: Perms, cs: ChainSearch, depth: number, work: number[], queued: Uint8Array, apply: (s: number, a: number, b: number) => void): void {
  cs.slack = 2;
  for (let i = 0; i < work.length; i++) {
    queued[work[i]] = 0;
    ejectOnSwitch(p, cs, work[i], depth, apply);
  }
  cs.slack = 0;
}
