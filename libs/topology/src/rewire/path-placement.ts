/**
 * Step 3 of minimal rewiring: place a deficit circuit (u,v) that no switch can take directly, by
 * flipping the cheapest a/b alternating path.
 *
 * For a copy x of u and y of v, colour a is *available* at x when x's port on switch a is free or
 * held by a surplus circuit (to be torn down anyway), b likewise at y. With x free at a and y free at
 * b the a/b path from y is flipped (Konig), so a becomes free at y. The walk stops at the first
 * surplus circuit it meets: that circuit is torn down instead of moved, which is what keeps costs
 * near the bound when many circuits change. Cost of a path = kept circuits it pushes off their
 * original switch minus those it brings back (each off-switch circuit is one removal plus one
 * addition). Up to `maxChoices` (a, b) pairs are compared; a zero-cost path ends the search.
 *
 * Re-homing: a path may also end early at any of its circuits that can move, whole, to a third
 * switch d where both of its ports are free or held by surplus circuits (found with one AND over
 * the availability bitsets `remL`/`remR` | free). The prefix is flipped and that circuit moves to d;
 * with many surplus circuits about, this cuts most paths to one or two moves. Two-step re-homing
 * also accepts a switch d where one port of that circuit is available and the other is held by a
 * circuit that can itself move whole to a fourth switch (skipped once the plan's time budget is
 * spent: it costs about half again as much search for a 5-15% smaller change set).
 *
 * Complexity O(k^2 x S + maxChoices x V) per circuit (k ports per endpoint per switch, V virtual
 * vertices). Invariant: the colouring stays proper (colouring-state.ts); returns false, changing
 * nothing, when no available pair yields a valid path.
 */
import { flipPath, isFree, placeEdge, unplaceEdge, walkPath, type ColouringState } from '../mesh/colouring-state';
import type { RewireContext } from './rewire-context';

// Colours where vertex v is free or holds a surplus circuit, from the availability bitsets (free |
// surplus, the latter refreshed per round) and confirmed on the live state.
function available(ctx: RewireContext, left: boolean, v: number): number[] {
  const { st } = ctx.rs;
  const { W, C } = st;
  const free = left ? st.freeL : st.freeR;
  const rem = left ? ctx.remL : ctx.remR;
  const at = left ? st.atL : st.atR;
  const out: number[] = [];
  for (let w = 0; w < W; w++) {
    let m = free[v * W + w] | rem[v * W + w];
    while (m !== 0) {
      const s = (w << 5) + (31 - Math.clz32(m & -m));
      m &= m - 1;
      const e = at[v * C + s];
      if (e < 0 || ctx.removable(e)) out.push(s);
    }
  }
  return out;
}

function moveCost(anchor: Int32Array, e: number, from: number, to: number): number {
  return (anchor[e] === from ? 1 : 0) - (anchor[e] === to ? 1 : 0);
}

function pathCost(st: ColouringState, anchor: Int32Array, len: number, a: number, b: number): number {
  let cost = 0;
  for (let i = 0; i < len; i++) {
    const e = st.path[i];
    const c = st.colour[e];
    cost += moveCost(anchor, e, c, c === a ? b : a);
  }
  return cost;
}

/** A switch other than a and b where both ports of edge e are free or held by surplus circuits, or -1. */
function rehomeColour(ctx: RewireContext, e: number, a: number, b: number, not = -1): number {
  const { st } = ctx.rs;
  const { W, C } = st;
  const x = st.edgeLeft[e];
  const y = st.edgeRight[e];
  for (let w = 0; w < W; w++) {
    let m = (st.freeL[x * W + w] | ctx.remL[x * W + w]) & (st.freeR[y * W + w] | ctx.remR[y * W + w]);
    while (m !== 0) {
      const d = (w << 5) + (31 - Math.clz32(m & -m));
      m &= m - 1;
      if (d === a || d === b || d === not) continue;
      // The bitsets may be stale (a surplus pair ran out): confirm on the live state.
      const ex = st.atL[x * C + d];
      const ey = st.atR[y * C + d];
      if ((ex < 0 || ctx.removable(ex)) && (ey < 0 || ctx.removable(ey))) return d;
    }
  }
  return -1;
}

/** Whether all the given circuits (-1 = none) can be torn down together within their pairs' surplus. */
function surplusAllows(ctx: RewireContext, edges: number[]): boolean {
  // At most five circuits: count each pair by scanning (no allocation on this hot path).
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (e < 0) continue;
    if (!ctx.removable(e)) return false;
    const p = ctx.rs.pair[e];
    let n = 0;
    for (let j = 0; j < edges.length; j++) if (edges[j] >= 0 && ctx.rs.pair[edges[j]] === p) n++;
    if (ctx.surplus[p] < n) return false;
  }
  return true;
}

interface Cut {
  cost: number;
  at: number;
  d: number;
  /** For a two-step cut: the circuit f blocking one end of the moved circuit on d, and f's new switch. */
  f: number;
  d2: number;
}

// Two-step re-homing of path edge e: a switch d where one end of e is available and the other is
// held by a circuit f that can itself move whole to a third switch d2.
function twoStepCut(ctx: RewireContext, e: number, a: number, b: number, ends: number[]): { d: number; f: number; d2: number; cost: number } | undefined {
  const { st, anchor } = ctx.rs;
  const { W, C } = st;
  const x = st.edgeLeft[e];
  const y = st.edgeRight[e];
  const c = st.colour[e];
  let best: { d: number; f: number; d2: number; cost: number } | undefined;
  for (let w = 0; w < W; w++) {
    const okL = st.freeL[x * W + w] | ctx.remL[x * W + w];
    const okR = st.freeR[y * W + w] | ctx.remR[y * W + w];
    let m = okL ^ okR; // exactly one end available (both would be a one-step cut)
    while (m !== 0) {
      const d = (w << 5) + (31 - Math.clz32(m & -m));
      m &= m - 1;
      if (d === a || d === b) continue;
      const leftFree = ((okL >>> (d & 31)) & 1) === 1;
      const g = leftFree ? st.atL[x * C + d] : st.atR[y * C + d];
      if (g >= 0 && !ctx.removable(g)) continue;
      const f = leftFree ? st.atR[y * C + d] : st.atL[x * C + d];
      if (f < 0 || ctx.removable(f)) continue;
      const d2 = rehomeColour(ctx, f, a, b, d);
      if (d2 < 0) continue;
      if (!surplusAllows(ctx, [...ends, g, st.atL[st.edgeLeft[f] * C + d2], st.atR[st.edgeRight[f] * C + d2]])) continue;
      const cost = moveCost(anchor, e, c, d) + moveCost(anchor, f, d, d2);
      if (!best || cost < best.cost) best = { d, f, d2, cost };
      if (cost <= 0) return best;
    }
  }
  return best;
}

// Cheapest re-homing cut on the walked path (edges [0, n)), or undefined. `ends` are the circuits
// the placement tears down at its two ends; the cut's own teardowns must fit the surplus with them.
function bestCut(ctx: RewireContext, n: number, a: number, b: number, ends: number[]): Cut | undefined {
  const { st, anchor } = ctx.rs;
  let prefix = 0;
  let best: Cut | undefined;
  for (let i = 0; i < n; i++) {
    const e = st.path[i];
    const c = st.colour[e];
    const d = rehomeColour(ctx, e, a, b);
    if (d >= 0 && surplusAllows(ctx, [...ends, st.atL[st.edgeLeft[e] * st.C + d], st.atR[st.edgeRight[e] * st.C + d]])) {
      const cost = prefix + moveCost(anchor, e, c, d);
      if (!best || cost < best.cost) best = { cost, at: i, d, f: -1, d2: -1 };
    } else if (ctx.richSearch && ctx.twoStepLeft > 0 && i < 8 && (!best || prefix + 1 < best.cost)) {
      ctx.twoStepLeft--;
      const two = twoStepCut(ctx, e, a, b, ends);
      if (two && (!best || prefix + two.cost < best.cost)) best = { cost: prefix + two.cost, at: i, d: two.d, f: two.f, d2: two.d2 };
    }
    prefix += moveCost(anchor, e, c, c === a ? b : a);
    // Moving the 32nd circuit of a path is never worth it; stop scanning there (large fabrics).
    if ((best && prefix >= best.cost + 2) || i >= 32) break;
  }
  return best;
}

export function placeByPath(ctx: RewireContext, ne: number, u: number, v: number, maxChoices: number, maxCost = Infinity): boolean {
  // Two-step cuts cost at least 2 in practice: only worth looking for in rounds that accept that.
  ctx.richSearch = maxCost >= 2 && performance.now() < ctx.deadline;
  ctx.twoStepLeft = 64;
  const { rs, removable } = ctx;
  const { st, anchor } = rs;
  const C = st.C;
  let best: { cost: number; x: number; y: number; a: number; b: number; fromLeft: boolean; cut?: Cut } | undefined;
  let tried = 0;
  search: for (let j = 0; j < rs.north.copies[u]; j++) {
    const x = rs.north.first[u] + j;
    const availX = available(ctx, true, x);
    for (let k = 0; k < rs.south.copies[v]; k++) {
      const y = rs.south.first[v] + k;
      const availY = available(ctx, false, y);
      const availYSet = new Set(availY);
      for (const a of availX) {
        if (st.allowedRight && !isFree(st.allowedRight, st.W, y, a)) continue;
        if (availYSet.has(a)) {
          best = { cost: -Infinity, x, y, a, b: a, fromLeft: false };
          break search;
        }
        for (const b of availY) {
          if (b === a) continue;
          // Either free a at y (path from y, colours a/b) or free b at x (path from x, colours b/a).
          for (const fromLeft of [false, true]) {
            if (fromLeft && st.allowedLeft && !isFree(st.allowedLeft, st.W, x, b)) continue;
            // A path costs at most its length, so once a cheap one is known long walks are cut short
            // (a long path of mostly unbuilt circuits may be missed; it keeps large fabrics fast).
            const limit = best ? 3 * Math.max(0, best.cost) + 8 : Number.isFinite(maxCost) ? 3 * maxCost + 8 : Infinity;
            const ends = [st.atL[x * C + a], st.atR[y * C + b]];
            if (!surplusAllows(ctx, ends)) continue;
            const walk = fromLeft ? walkPath(st, x, b, a, removable, limit, true) : walkPath(st, y, a, b, removable, limit);
            const n = walk.stop >= 0 ? walk.stop : walk.len;
            const cut = bestCut(ctx, n, a, b, ends);
            tried++;
            if (cut && (!best || cut.cost < best.cost)) best = { cost: cut.cost, x, y, a, b, fromLeft, cut };
            if (!walk.ok || (walk.stop >= 0 && !surplusAllows(ctx, [...ends, st.path[walk.stop]]))) continue;
            const cost = pathCost(st, anchor, n, a, b);
            if (!best || cost < best.cost) best = { cost, x, y, a, b, fromLeft };
            if (best.cost <= 0 || tried >= maxChoices) break search;
          }
        }
      }
    }
  }
  if (!best || best.cost > maxCost) return false;
  const { x, y, a, b, fromLeft, cut } = best;
  const ex = st.atL[x * C + a];
  if (ex >= 0) ctx.remove(ex);
  const ey = st.atR[y * C + b];
  if (ey >= 0) ctx.remove(ey);
  if (cut) {
    const walk = fromLeft ? walkPath(st, x, b, a, removable, cut.at + 1, true) : walkPath(st, y, a, b, removable, cut.at + 1);
    void walk;
    const moved = st.path[cut.at];
    unplaceEdge(st, moved);
    flipPath(st, cut.at, a, b);
    if (cut.f >= 0) {
      const f = cut.f;
      unplaceEdge(st, f);
      const fx = st.atL[st.edgeLeft[f] * C + cut.d2];
      if (fx >= 0) ctx.remove(fx);
      const fy = st.atR[st.edgeRight[f] * C + cut.d2];
      if (fy >= 0) ctx.remove(fy);
      placeEdge(st, f, cut.d2);
    }
    const mx = st.atL[st.edgeLeft[moved] * C + cut.d];
    if (mx >= 0) ctx.remove(mx);
    const my = st.atR[st.edgeRight[moved] * C + cut.d];
    if (my >= 0) ctx.remove(my);
    placeEdge(st, moved, cut.d);
  } else if (a !== b) {
    const walk = fromLeft ? walkPath(st, x, b, a, removable, Infinity, true) : walkPath(st, y, a, b, removable);
    if (walk.stop >= 0) {
      ctx.remove(st.path[walk.stop]);
      flipPath(st, walk.stop, a, b);
    } else {
      flipPath(st, walk.len, a, b);
    }
  }
  st.edgeLeft[ne] = x;
  st.edgeRight[ne] = y;
  placeEdge(st, ne, fromLeft ? b : a);
  return true;
}
