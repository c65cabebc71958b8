/**
 * A tighter lower bound for minimal rewiring than sum |L_new - L_old|, valid for every plan.
 *
 * Proof sketch. Per pair p, with r_p old circuits removed and a_p added, a_p - r_p = delta_p, so
 * r_p + a_p = |delta_p| + 2 r_p when delta_p >= 0: every removed circuit of a pair that does not
 * shrink costs 2 extra. Adding a circuit (u,v) on switch s takes a usable north port of u and a
 * usable south port of v on s; whatever circuits held them today must go. Call pair (u,v) *stuck*
 * when no switch offers such a pair of ports that are each free or held by a circuit of a shrinking
 * pair: then every one of its delta additions removes at least one circuit of a non-shrinking pair.
 * One removed circuit frees one north and one south port, so it serves at most two additions.
 * Hence touched >= sum |delta| + forced + 2 x ceil(B / 2), B = sum of delta over stuck pairs.
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
      let open = false;
      for (let x = rs.north.first[u]; x < rs.north.first[u + 1] && !open; x++) {
        for (let y = rs.south.first[v]; y < rs.south.first[v + 1] && !open; y++) {
          for (let w = 0; w < W && !open; w++) open = (aN[x * W + w] & aS[y * W + w]) !== 0;
        }
      }
      if (!open) stuck += d;
    }
  }
  return lower + 2 * Math.ceil(stuck / 2);
}
