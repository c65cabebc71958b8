/**
 * A tighter lower bound for minimal rewiring than sum |L_new - L_old|, valid for every plan.
 *
 * Proof sketch. Per pair p, with r_p old circuits removed and a_p added, a_p - r_p = delta_p, so
 * r_p + a_p = |delta_p| + 2 r_p when delta_p >= 0: every removed circuit of a pair that does not
 * shrink costs 2 extra. Adding a circuit (u,v) on switch s takes a usable north port of u and a
 * usable south port of v on s; whatever circuits held them today must go. Call a slot of pair (u,v)
 * *open* when both ports are free or held by circuits of shrinking pairs; switch s offers at most
 * min(open north ports of u, open south ports of v) open slots. Each addition beyond the pair's open
 * slots removes at least one circuit of a non-shrinking pair, and one removed circuit frees one
 * north and one south port, so it serves at most two additions. Hence touched >= sum |delta| +
 * forced + 2 x ceil(B / 2), B = sum over gaining pairs of max(0, delta - open slots).
 *
 * Complexity O(E^2 x k^2 x S/32) with availability bitsets. Computed on today's state only.
 */
import type { RewireState } from './rewire-state.build';

export function colocationLowerBound(rs: RewireState, target: Int32Array, E: number): number {
  const { st } = rs;
  const { W, C } = st;
  const shrinking = (e: number) => target[rs.pair[e]] < rs.oldMatrix[rs.pair[e]];
  const avail = (free: Uint32Array, at: Int32Array, count: number) => {
    const bits = free.slice(0, count * W);
    for (let v = 0; v < count; v++) {
      for (let s = 0; s < C; s++) {
        const e = at[v * C + s];
        if (e >= 0 && e < rs.oldCount && shrinking(e)) bits[v * W + (s >>> 5)] |= 1 << (s & 31);
      }
    }
    return bits;
  };
  const aN = avail(st.freeL, st.atL, rs.north.count);
  const aS = avail(st.freeR, st.atR, rs.south.count);
  let lower = rs.forcedRemovals.length;
  let stuck = 0;
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      const d = target[u * E + v] - rs.oldMatrix[u * E + v];
      lower += Math.abs(d);
      if (d <= 0) continue;
      stuck += Math.max(0, d - openSlots(rs, aN, aS, u, v, W, C, d));
    }
  }
  return lower + 2 * Math.ceil(stuck / 2);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// Open slots of pair (u, v), counted up to `enough` (more never changes the bound).
function openSlots(rs: RewireState, aN: Uint32Array, aS: Uint32Array, u: number, v: number, W: number, C: number, enough: number): number {
  const x0 = rs.north.first[u];
  const y0 = rs.south.first[v];
  const nx = rs.north.first[u + 1] - x0;
  const ny = rs.south.first[v + 1] - y0;
  let open = 0;
  if (nx === 1 && ny === 1) {
    for (let w = 0; w < W && open < enough; w++) open += popcount(aN[x0 * W + w] & aS[y0 * W + w]);
    return open;
  }
  const bit = (a: Uint32Array, v2: number, s: number) => (a[v2 * W + (s >>> 5)] >>> (s & 31)) & 1;
  for (let s = 0; s < C && open < enough; s++) {
    let n = 0;
    let m = 0;
    for (let j = 0; j < nx; j++) n += bit(aN, x0 + j, s);
    for (let k = 0; k < ny; k++) m += bit(aS, y0 + k, s);
    open += Math.min(n, m);
  }
  return open;
}
