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
 * Complexity O(k^2 x S + maxChoices x V) per circuit (k ports per endpoint per switch, V virtual
 * vertices). Invariant: the colouring stays proper (colouring-state.ts); returns false, changing
 * nothing, when no available pair yields a valid path.
 */
import { isFree, placeEdge, walkPath, flipPath, type ColouringState } from '../mesh/colouring-state';
import type { RewireContext } from './plan-rewire';

function available(st: ColouringState, at: Int32Array, allowed: Uint32Array | undefined, v: number, removable: (e: number) => boolean): number[] {
  const out: number[] = [];
  for (let s = 0; s < st.C; s++) {
    if (allowed && !isFree(allowed, st.W, v, s)) continue;
    const e = at[v * st.C + s];
    if (e < 0 || removable(e)) out.push(s);
  }
  return out;
}

function pathCost(st: ColouringState, anchor: Int32Array, len: number, a: number, b: number): number {
  let cost = 0;
  for (let i = 0; i < len; i++) {
    const e = st.path[i];
    const c = st.colour[e];
    const other = c === a ? b : a;
    cost += (anchor[e] === c ? 1 : 0) - (anchor[e] === other ? 1 : 0);
  }
  return cost;
}

export function placeByPath(ctx: RewireContext, ne: number, u: number, v: number, maxChoices: number, maxCost = Infinity): boolean {
  const { rs, removable } = ctx;
  const { st, anchor } = rs;
  const C = st.C;
  let best: { cost: number; x: number; y: number; a: number; b: number; fromLeft: boolean } | undefined;
  let tried = 0;
  search: for (let j = 0; j < rs.north.copies[u]; j++) {
    const x = rs.north.first[u] + j;
    const availX = available(st, st.atL, st.allowedLeft, x, removable);
    for (let k = 0; k < rs.south.copies[v]; k++) {
      const y = rs.south.first[v] + k;
      const availY = available(st, st.atR, st.allowedRight, y, removable);
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
            const walk = fromLeft ? walkPath(st, x, b, a, removable, limit, true) : walkPath(st, y, a, b, removable, limit);
            if (!walk.ok) continue;
            const cost = pathCost(st, anchor, walk.stop >= 0 ? walk.stop : walk.len, a, b);
            tried++;
            if (!best || cost < best.cost) best = { cost, x, y, a, b, fromLeft };
            if (best.cost <= 0 || tried >= maxChoices) break search;
          }
        }
      }
    }
  }
  if (!best || best.cost > maxCost) return false;
  const { x, y, a, b, fromLeft } = best;
  const ex = st.atL[x * C + a];
  if (ex >= 0) ctx.remove(ex);
  const ey = st.atR[y * C + b];
  if (ey >= 0) ctx.remove(ey);
  if (a !== b) {
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
