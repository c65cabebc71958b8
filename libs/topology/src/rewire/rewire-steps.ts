/**
 * The simple steps of minimal rewiring (plan-rewire.ts): tight placement on a switch where both
 * ports are free or held by surplus circuits, removal of the surplus left at the end, the plain
 * Konig fallback, and the bookkeeping (waiting deficit edges by pair, vertex owners).
 *
 * Complexity: placeTight O(k^2 x S/32) per circuit via the availability bitsets; the rest linear.
 */
import { commonFree, flipPath, isFree, lowestBit, placeEdge, walkPath } from '../mesh/colouring-state';
import type { RewireContext } from './rewire-context';
import type { RewireState } from './rewire-state.build';
import type { DeficitPool } from './rotation-placement';

// Step 2: a switch where both ends are free or held by surplus circuits; prefers free ports so
// surplus circuits stay available to pair with later deficits. Candidates come from one AND over
// the availability bitsets (free | surplus), then are confirmed on the live state.
export function placeTight(ctx: RewireContext, ne: number, u: number, v: number): boolean {
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
export function removeRemainingSurplus(ctx: RewireContext): void {
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
export function placeFallback(ctx: RewireContext, ne: number, u: number, v: number): boolean {
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
export function deficitPool(pending: readonly { e: number; p: number }[], colour: Int32Array, E: number): DeficitPool {
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

export function vertexEndpoints(rs: RewireState): { left: Int32Array; right: Int32Array } {
  const of = (first: Int32Array, count: number) => {
    const out = new Int32Array(count);
    for (let e = 0; e + 1 < first.length; e++) out.fill(e, first[e], first[e + 1]);
    return out;
  };
  return { left: of(rs.north.first, rs.north.count), right: of(rs.south.first, rs.south.count) };
}
