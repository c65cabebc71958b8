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
 *    components when that returns more circuits than it displaces (cycle-improvement.ts).
 * Complexity O(D x (S x k^2 + P x V)) for D deficit circuits, S switches, k ports per endpoint per
 * switch, P path choices, V virtual vertices. J64 at 25% churn: well under 200 ms.
 *
 * Invariants: the result realises `target` exactly (checked by the verifier in tests); circuits on
 * failed parts are removed and counted in the bound; circuits with an unfibred end are left alone.
 * Reference: the lower bound of Zhao et al., "Minimal Rewiring: Efficient Live Expansion for Clos
 * Data Center Networks", NSDI 2019; Konig alternating paths as in mesh/.
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';
import { commonFree, flipPath, isFree, lowestBit, placeEdge, unplaceEdge, walkPath } from '../mesh/colouring-state';
import type { PortIndex } from '../mesh/port-index.build';
import { checkMeshDemand } from '../mesh/virtual-sides';
import type { ChangeCounts, CrossConnect, SwitchChange } from '../types';
import { readChangeSet } from './change-set';
import { buildRewireState, type RewireState } from './rewire-state.build';
import { improveByCycles } from './cycle-improvement';
import { placeByPath } from './path-placement';
import { placeByRotations, type DeficitPool } from './rotation-placement';

export interface RewireOptions {
  /** (a, b) colour pairs compared per circuit that needs a path (default 2048). */
  maxPathChoices?: number;
  /** After this many ms the planner stops its most expensive search (two-step re-homing); default 120. */
  searchBudgetMs?: number;
}

export interface RewirePlan {
  /** Every cross-connect after the change (including untouched circuits with unfibred ends). */
  crossConnects: CrossConnect[];
  changes: SwitchChange[];
  counts: ChangeCounts;
  /** Links torn down plus links built that the two topologies force (+ circuits on failed parts). */
  lowerBound: number;
  /** counts.touched / lowerBound (1 when both are 0). */
  ratio: number;
  movedKept: number;
}

const WHERE = 'rewire/planRewire';

export function planRewire(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: RewireOptions = {}): RewirePlan {
  const started = performance.now();
  const E = index.endpoints.length;
  if (!(target instanceof Int32Array) || target.length !== E * E) {
    throw new TopologyInvalidArgumentError(WHERE, `target must be an Int32Array of ${E}x${E} link counts; build it with linkMatrixFromDemands`);
  }
  checkMeshDemand(index, target, WHERE);
  let totalTarget = 0;
  for (let i = 0; i < target.length; i++) totalTarget += target[i];
  const rs = buildRewireState(index, current, totalTarget, WHERE);
  const surplus = new Int32Array(E * E);
  const deficits: number[] = [];
  let lowerBound = rs.forcedRemovals.length;
  for (let p = 0; p < E * E; p++) {
    const d = target[p] - rs.oldMatrix[p];
    lowerBound += Math.abs(d);
    if (d < 0) surplus[p] = -d;
    for (let i = 0; i < d; i++) deficits.push(p);
  }
  const ctx = makeContext(index, rs, surplus);
  ctx.deadline = started + (options.searchBudgetMs ?? 120);
  // New edges take ids oldCount.. in deficit order.
  let pending = deficits.map((p, i) => ({ e: rs.oldCount + i, p }));
  for (const d of pending) rs.pair[d.e] = d.p;
  const owners = vertexEndpoints(rs);
  placeByRotations(ctx, deficitPool(pending, rs.st.colour, E), owners.left, owners.right);
  pending = pending.filter((d) => rs.st.colour[d.e] < 0);
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
    ctx.refreshRemovable();
    pending = pending.filter((d) => !placeTight(ctx, d.e, Math.floor(d.p / E), d.p % E));
    // Bounded rounds look at fewer (a, b) pairs: they only need a cheap path, not the cheapest.
    const choices = Number.isFinite(maxCost) ? Math.min(maxChoices, 256) : maxChoices;
    pending = pending.filter((d) => !placeByPath(ctx, d.e, Math.floor(d.p / E), d.p % E, choices, maxCost));
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
  improveByCycles(rs.st, rs.anchor, rs.oldCount, 2);
  const set = readChangeSet(index, rs, target);
  const ratio = lowerBound === 0 ? (set.counts.touched === 0 ? 1 : Infinity) : set.counts.touched / lowerBound;
  return { crossConnects: set.crossConnects, changes: set.changes, counts: set.counts, lowerBound, ratio, movedKept: set.movedKept };
}

export interface RewireContext {
  index: PortIndex;
  rs: RewireState;
  surplus: Int32Array;
  removable: (e: number) => boolean;
  remove: (e: number) => void;
  /** Bitsets (per virtual vertex, per switch) of surplus circuits, refreshed each round; may be stale. */
  remL: Uint32Array;
  remR: Uint32Array;
  refreshRemovable: () => void;
  /** performance.now() after which the extra (two-step) path search is skipped. */
  deadline: number;
  richSearch: boolean;
  /** Two-step cut evaluations left for the current circuit. */
  twoStepLeft: number;
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

// Step 2: a switch where both ends are free or held by surplus circuits; prefers free ports so
// surplus circuits stay available to pair with later deficits. Candidates come from one AND over
// the availability bitsets (free | surplus), then are confirmed on the live state.
function placeTight(ctx: RewireContext, ne: number, u: number, v: number): boolean {
  const { rs, removable } = ctx;
  const { st } = rs;
  const { C, W } = st;
  let best = -1;
  let bx = -1;
  let by = -1;
  let bs = -1;
  for (let j = 0; j < rs.north.copies[u] && best < 2; j++) {
    const x = rs.north.first[u] + j;
    for (let k = 0; k < rs.south.copies[v] && best < 2; k++) {
      const y = rs.south.first[v] + k;
      for (let w = 0; w < W && best < 2; w++) {
        let m = (st.freeL[x * W + w] | ctx.remL[x * W + w]) & (st.freeR[y * W + w] | ctx.remR[y * W + w]);
        while (m !== 0 && best < 2) {
          const s = (w << 5) + (31 - Math.clz32(m & -m));
          m &= m - 1;
          const ex = st.atL[x * C + s];
          const ey = st.atR[y * C + s];
          if ((ex >= 0 && !removable(ex)) || (ey >= 0 && !removable(ey))) continue;
          const score = (ex < 0 ? 1 : 0) + (ey < 0 ? 1 : 0);
          if (score > best) [best, bx, by, bs] = [score, x, y, s];
        }
      }
    }
  }
  if (best < 0) return false;
  const ex = st.atL[bx * C + bs];
  if (ex >= 0) ctx.remove(ex);
  const ey = st.atR[by * C + bs];
  if (ey >= 0) ctx.remove(ey);
  st.edgeLeft[ne] = bx;
  st.edgeRight[ne] = by;
  placeEdge(st, ne, bs);
  return true;
}

// Step 4: moved surplus circuits first, so their addition elsewhere disappears from the change set.
function removeRemainingSurplus(ctx: RewireContext): void {
  const { st, anchor, oldCount } = ctx.rs;
  for (const movedOnly of [true, false]) {
    for (let e = 0; e < oldCount; e++) {
      if (!ctx.removable(e)) continue;
      if (movedOnly && st.colour[e] === anchor[e]) continue;
      ctx.remove(e);
    }
  }
}

// Last resort once all surplus is gone: plain Konig placement on any copy pair.
function placeFallback(ctx: RewireContext, ne: number, u: number, v: number): boolean {
  const { rs } = ctx;
  const { st } = rs;
  const W = st.W;
  for (let j = 0; j < rs.north.copies[u]; j++) {
    for (let k = 0; k < rs.south.copies[v]; k++) {
      const x = rs.north.first[u] + j;
      const y = rs.south.first[v] + k;
      st.edgeLeft[ne] = x;
      st.edgeRight[ne] = y;
      const c = commonFree(st, x, y);
      if (c >= 0) {
        placeEdge(st, ne, c);
        return true;
      }
      for (let wa = 0; wa < W; wa++) {
        for (let ma = st.freeL[x * W + wa]; ma !== 0; ma &= ma - 1) {
          const a = (wa << 5) + lowestBit(ma);
          if (st.allowedRight && !isFree(st.allowedRight, W, y, a)) continue;
          for (let wb = 0; wb < W; wb++) {
            for (let mb = st.freeR[y * W + wb]; mb !== 0; mb &= mb - 1) {
              const b = (wb << 5) + lowestBit(mb);
              const walk = walkPath(st, y, a, b);
              if (!walk.ok) continue;
              flipPath(st, walk.len, a, b);
              placeEdge(st, ne, a);
              return true;
            }
          }
        }
      }
    }
  }
  return false;
}

// Unplaced deficit edges by endpoint pair (an edge counts as placed once it has a colour).
function deficitPool(pending: readonly { e: number; p: number }[], colour: Int32Array, E: number): DeficitPool {
  const byPair = new Map<number, number[]>();
  for (const d of pending) {
    let list = byPair.get(d.p);
    if (!list) byPair.set(d.p, (list = []));
    list.push(d.e);
  }
  const live = (p: number) => {
    const list = byPair.get(p);
    while (list && list.length > 0 && colour[list[list.length - 1]] >= 0) list.pop();
    return list;
  };
  return {
    count: (u, v) => {
      const list = live(u * E + v);
      if (!list) return 0;
      let n = 0;
      for (const e of list) if (colour[e] < 0) n++;
      return n;
    },
    take: (u, v) => {
      const list = live(u * E + v) as number[];
      return list.pop() as number;
    },
  };
}

function vertexEndpoints(rs: RewireState): { left: Int32Array; right: Int32Array } {
  const of = (first: Int32Array, count: number) => {
    const out = new Int32Array(count);
    for (let e = 0; e + 1 < first.length; e++) out.fill(e, first[e], first[e + 1]);
    return out;
  };
  return { left: of(rs.north.first, rs.north.count), right: of(rs.south.first, rs.south.count) };
}
