/**
 * Minimal rewiring: move from today's cross-connects to a target logical topology (link counts per
 * ordered endpoint pair) changing as few cross-connects as possible, never re-factorising.
 *
 * Algorithm (all on the colouring state of mesh/, colour = switch):
 * 1. every current circuit stays where it is; pair (u,v) has surplus max(0, old - new) circuits that
 *    must go and deficit max(0, new - old) that must be built (the lower bound counts exactly these);
 * 2. rotations: surplus circuits on one switch re-paired among themselves into deficit pairs
 *    (rotation-placement.ts), at exactly the bound's cost;
 * 2b. tight placement: a deficit circuit (u,v) goes on a switch where u's north port and v's south
 *    port are each free or held by a surplus circuit, which is torn down (it had to go anyway), so
 *    this costs nothing above the bound; repeated until no circuit fits;
 * 3. path placement: otherwise, with colour a available at u and b at v, the a/b alternating path
 *    from v is flipped (Konig), truncated at the first surplus circuit on it (removed instead of
 *    moved). Among up to `maxPathChoices` (a, b) pairs the path moving the fewest kept circuits off
 *    their switch is taken; each such move costs 2 (one removal, one addition) above the bound;
 * 4. surplus circuits still standing are removed, those already moved first (which cancels their
 *    addition);
 * 5. moved circuits are pulled back to their original switch by flipping whole alternating
 *    components when that returns more circuits than it displaces (cycle-improvement.ts);
 * 6. if all this took under 35% of `searchBudgetMs`, it runs once more with the waiting circuits in
 *    reverse order and keeps the smaller change set. Results can therefore depend on machine speed.
 * 0. First, where every switch has at most one port per endpoint per side and degrees do not
 *    change, swap chains (swap-chains.ts) plan the whole change; their plan is kept when it reaches
 *    the bound, when the fabric is larger than PATHS_WITH_CHAINS_MAX_SIZE (path placement would
 *    take seconds), or when it beats steps 1-6. So the result is never worse than path placement
 *    below that size, unless the caller's `deadline` passes first: then path placement is
 *    abandoned and the chains' plan returned.
 * Complexity O(D x (S x k^2 + P x V)) for D deficit circuits, S switches, k ports per endpoint per
 * switch, P path choices, V virtual vertices. J64 at 25% churn: well under 200 ms.
 *
 * Invariants: the result realises `target` exactly (checked by the verifier in tests); circuits on
 * failed parts, and circuits with an unfibred end, are removed and counted in the bound.
 * Reference: the lower bound of Zhao et al., "Minimal Rewiring: Efficient Live Expansion for Clos
 * Data Center Networks", NSDI 2019; Konig alternating paths as in mesh/.
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';
import { unplaceEdge } from '../mesh/colouring-state';
import { rng, shuffle } from '../mesh/random-instances';
import type { PortIndex } from '../mesh/port-index.build';
import { checkMeshDemand } from '../mesh/virtual-sides';
import type { CrossConnect } from '../types';
import type { RewirePlan } from './rewire-plan';

export type { RewirePlan } from './rewire-plan';
import { readChangeSet } from './change-set';
import { buildRewireState, type RewireState } from './rewire-state.build';
import type { RewireContext } from './rewire-context';
import { colocationLowerBound } from './colocation-bound';
import { improveByCycles } from './cycle-improvement';
import { placeByPath } from './path-placement';
import { placeByRotations } from './rotation-placement';
import { runToEnd, Slices, type Steps } from './run-steps';
import { planBySwapChainsSteps } from './swap-chains';
import { deficitPool, placeFallback, placeTight, removeRemainingSurplus, vertexEndpoints } from './rewire-steps';

export interface RewireOptions {
  /** (a, b) colour pairs compared per circuit that needs a path (default 2048). */
  maxPathChoices?: number;
  /** After this many ms the planner stops its most expensive search (two-step re-homing); default 120. */
  searchBudgetMs?: number;
  /** Try swap chains (swap-chains.ts) where the fabric allows them; default true. false = path placement alone. */
  swapChains?: boolean;
  /**
   * performance.now() by which the caller needs the plan: where swap chains have a plan, path
   * placement (only a possible improvement on it) is abandoned at this time and the chains' plan
   * returned, so a caller's wall-time budget holds on a busy machine. Swap chains always finish
   * (they are needed for any plan; at 1,000 OCS they take about 0.7 s of CPU). Default none.
   */
  deadline?: number;
  /** Visit the circuits to place in an order shuffled by this seed (restarts of path placement differ); default their pair order. */
  orderSeed?: number;
}

/**
 * switches x endpoints above which path placement is not run once swap chains have a plan: there
 * its alternating paths are long cycles (4.5 s at 1,000 OCS), and chains were 2x better there.
 */
export const PATHS_WITH_CHAINS_MAX_SIZE = 65_536;

const WHERE = 'rewire/planRewire';

export function planRewire(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions = {}): RewirePlan {
  return constructRewire(index, current, target, options).plan;
}

/** planRewire's plan, and the changes each of its methods came to where it ran to the end (for the budgeted planner's restarts). */
export interface RewireConstruction {
  plan: RewirePlan;
  chains?: number;
  paths?: number;
}

export function constructRewire(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions = {}): RewireConstruction {
  return runToEnd(constructRewireSteps(index, current, target, options));
}

/**
 * constructRewire as steps (run-steps.ts): swap chains and path placement pause every
 * YIELD_SLICE_MS, between the pairs and circuits they place.
 */
export function* constructRewireSteps(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions = {}): Steps<RewireConstruction> {
  const E = index.endpoints.length;
  if (!(target instanceof Int32Array) || target.length !== E * E) {
    throw new TopologyInvalidArgumentError(WHERE, `target must be an Int32Array of ${E}x${E} link counts; build it with linkMatrixFromDemands`);
  }
  checkMeshDemand(index, target, WHERE);
  const budget = options.searchBudgetMs ?? 120;
  const chains = options.swapChains === false ? undefined : yield* planBySwapChainsSteps(index, current, target);
  if (chains && (chains.counts.touched <= chains.lowerBound || index.switches.length * E > PATHS_WITH_CHAINS_MAX_SIZE)) return { plan: chains, chains: chains.counts.touched };
  // With the chains' plan in hand, path placement is only a possible improvement: it is abandoned
  // at the caller's deadline (the chains' plan stands) instead of overrunning the budget.
  const abandonAt = chains ? (options.deadline ?? Infinity) : Infinity;
  // Path placement's search budget counts from its own start, not the chains': so its attempt is
  // the one path placement alone makes (same search cut), and the construction never plans more
  // changes than path placement alone would unless the caller's deadline abandons it.
  const pathsStarted = performance.now();
  yield;
  let best = yield* attemptSteps(index, current, target, options, Math.min(pathsStarted + budget, abandonAt), false, abandonAt);
  if (!best) return { plan: chains as RewirePlan, chains: chains?.counts.touched };
  // Greedy placement depends on the order of the waiting circuits; when the first attempt was
  // quick, a second in reverse order often finds a smaller change set (kept only if it does).
  const elapsed = performance.now() - pathsStarted;
  if (elapsed < 0.35 * budget && best.counts.touched > best.lowerBound) {
    const again = yield* attemptSteps(index, current, target, options, Math.min(performance.now() + budget - 2 * elapsed, abandonAt), true, abandonAt);
    if (again && again.counts.touched < best.counts.touched) best = again;
  }
  return { plan: chains && chains.counts.touched < best.counts.touched ? chains : best, chains: chains?.counts.touched, paths: best.counts.touched };
}

/**
 * Path placement alone (steps 1-6 once), the circuits to place visited in the order `orderSeed`
 * shuffles them into: a restart for the budgeted planner (on J64 at 5% churn the order alone moves
 * the result between 2,578 and 2,990 changes over eight orders). Undefined when `deadline`
 * (performance.now()) passes first. The caller has checked the target (constructRewire).
 */
export function planByPaths(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions & { orderSeed: number; deadline: number }): RewirePlan | undefined {
  return runToEnd(planByPathsSteps(index, current, target, options));
}

/** planByPaths as steps (run-steps.ts), pausing as constructRewireSteps' path placement does. */
export function* planByPathsSteps(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions & { orderSeed: number; deadline: number }): Steps<RewirePlan | undefined> {
  const budget = options.searchBudgetMs ?? 120;
  return yield* attemptSteps(index, current, target, options, Math.min(performance.now() + budget, options.deadline), false, options.deadline);
}

/**
 * One run of steps 1-6; undefined when `abandonAt` (performance.now()) passed before it finished.
 * Pauses (yields) between the circuits it places once YIELD_SLICE_MS have passed, and between steps.
 */
function* attemptSteps(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions, deadline: number, reverse: boolean, abandonAt: number): Steps<RewirePlan | undefined> {
  const late = () => performance.now() > abandonAt;
  const E = index.endpoints.length;
  let totalTarget = 0;
  for (let i = 0; i < target.length; i++) totalTarget += target[i];
  const rs = buildRewireState(index, current, totalTarget, WHERE);
  const colocationBound = colocationLowerBound(rs, target, E);
  const surplus = new Int32Array(E * E);
  const deficits: number[] = [];
  let lowerBound = rs.forcedRemovals.length;
  for (let p = 0; p < E * E; p++) {
    const d = target[p] - rs.oldMatrix[p];
    lowerBound += Math.abs(d);
    if (d < 0) surplus[p] = -d;
    for (let i = 0; i < d; i++) deficits.push(p);
  }
  if (reverse) deficits.reverse();
  if (options.orderSeed !== undefined) {
    const order = shuffle(deficits.length, rng(options.orderSeed));
    const copy = deficits.slice();
    for (let i = 0; i < order.length; i++) deficits[i] = copy[order[i]];
  }
  const ctx = makeContext(index, rs, surplus);
  ctx.deadline = deadline;
  // New edges take ids oldCount.. in deficit order.
  let pending = deficits.map((p, i) => ({ e: rs.oldCount + i, p }));
  for (const d of pending) rs.pair[d.e] = d.p;
  const owners = vertexEndpoints(rs);
  placeByRotations(ctx, deficitPool(pending, rs.st.colour, E), owners.left, owners.right);
  pending = pending.filter((d) => rs.st.colour[d.e] < 0);
  yield;
  if (late()) return undefined;
  ctx.refreshRemovable();
  for (let pass = 0; pass < 4 && pending.length > 0; pass++) {
    const before = pending.length;
    pending = pending.filter((d) => !placeTight(ctx, d.e, Math.floor(d.p / E), d.p % E));
    if (pending.length === before) break;
  }
  const maxChoices = options.maxPathChoices ?? 2048;
  // Cheapest first across all waiting circuits: a path that moves few kept circuits is taken before
  // an expensive one can consume the surplus circuits it relied on.
  for (const maxCost of [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, Infinity]) {
    if (late()) return undefined;
    ctx.refreshRemovable();
    pending = pending.filter((d) => !placeTight(ctx, d.e, Math.floor(d.p / E), d.p % E));
    // Bounded rounds look at fewer (a, b) pairs: they only need a cheap path, not the cheapest.
    const choices = Number.isFinite(maxCost) ? Math.min(maxChoices, 256) : maxChoices;
    const waiting: typeof pending = [];
    const slices = new Slices();
    for (const d of pending) {
      if (late() || !placeByPath(ctx, d.e, Math.floor(d.p / E), d.p % E, choices, maxCost)) waiting.push(d);
      // Between two circuits the state is whole: the event loop may run (run-steps.ts).
      yield* slices.pause();
    }
    pending = waiting;
    if (late()) return undefined;
  }
  removeRemainingSurplus(ctx);
  pending = pending.filter((d) => !placeFallback(ctx, d.e, Math.floor(d.p / E), d.p % E));
  if (pending.length > 0) {
    const p = pending[0].p;
    throw new TopologyInfeasibleError(
      WHERE,
      'no-common-switch-left',
      `${pending.length} circuit(s) found no switch with free ports on both ends (e.g. ${index.endpoints[Math.floor(p / E)]}->${index.endpoints[p % E]}); the fibres are ragged, add fibres or lower those link counts`,
    );
  }
  yield;
  if (late()) return undefined;
  improveByCycles(rs.st, rs.anchor, rs.oldCount, 2);
  const set = readChangeSet(index, rs, target);
  const ratio = lowerBound === 0 ? (set.counts.touched === 0 ? 1 : Infinity) : set.counts.touched / lowerBound;
  return { crossConnects: set.crossConnects, changes: set.changes, counts: set.counts, lowerBound, ratio, colocationBound, movedKept: set.movedKept };
}


function makeContext(index: PortIndex, rs: RewireState, surplus: Int32Array): RewireContext {
  const { st, oldCount, pair } = rs;
  const removable = (e: number) => e >= 0 && e < oldCount && st.colour[e] >= 0 && surplus[pair[e]] > 0;
  const remove = (e: number) => {
    unplaceEdge(st, e);
    surplus[pair[e]]--;
  };
  const remL = new Uint32Array(st.freeL.length);
  const remR = new Uint32Array(st.freeR.length);
  // Surplus circuits never move (paths stop at them), so between refreshes bits only go stale by
  // a pair running out of surplus; users confirm on the live state.
  const refreshRemovable = () => {
    remL.fill(0);
    remR.fill(0);
    for (let e = 0; e < oldCount; e++) {
      if (!removable(e)) continue;
      const c = st.colour[e];
      remL[st.edgeLeft[e] * st.W + (c >>> 5)] |= 1 << (c & 31);
      remR[st.edgeRight[e] * st.W + (c >>> 5)] |= 1 << (c & 31);
    }
  };
  return { index, rs, surplus, removable, remove, remL, remR, refreshRemovable, deadline: Infinity, richSearch: true, twoStepLeft: 0 };
}





