/**
 * Step 5 of minimal rewiring: pull moved circuits back to their original switch by flipping whole
 * alternating components.
 *
 * For a kept circuit now on switch c whose original switch is a, the a/c component containing it
 * (a cycle in a full fabric, else a path whose ends lack one colour) can have its two colours
 * swapped without breaking the colouring. The gain is the number of its circuits that land back on
 * their original switch minus those that leave it; a positive gain saves 2 touched cross-connects
 * per unit. Repeated while some flip gains (each flip strictly lowers the cost, so it terminates).
 *
 * Complexity O(rounds x moved x V). Invariant: the link counts never change (a flip keeps every
 * circuit's endpoints), only which switch carries it.
 */
import { flipPath, walkPath, type ColouringState } from '../mesh/colouring-state';

function gainOf(st: ColouringState, anchor: Int32Array, edges: Int32Array, n: number, a: number, c: number): number {
  let gain = 0;
  for (let i = 0; i < n; i++) {
    const e = edges[i];
    const cur = st.colour[e];
    const next = cur === a ? c : a;
    gain += (anchor[e] === next ? 1 : 0) - (anchor[e] === cur ? 1 : 0);
  }
  return gain;
}

export function improveByCycles(st: ColouringState, anchor: Int32Array, oldCount: number, maxRounds = 4): number {
  let flips = 0;
  const buf = new Int32Array(st.path.length * 2 + 2);
  for (let round = 0; round < maxRounds; round++) {
    let improved = false;
    for (let e = 0; e < oldCount; e++) {
      const c = st.colour[e];
      const a = anchor[e];
      if (c < 0 || c === a) continue;
      // Walk from e's right end through e (then on past its left end); returning to e means a closed
      // cycle, else the component is a path and the walk from the right end the other way completes it.
      const w1 = walkPath(st, st.edgeRight[e], c, a, (f) => f === e);
      let n = 0;
      if (w1.stop >= 0) {
        buf.set(st.path.subarray(0, w1.stop), 0);
        n = w1.stop;
      } else {
        if (!w1.ok) continue;
        buf.set(st.path.subarray(0, w1.len), 0);
        n = w1.len;
        const w2 = walkPath(st, st.edgeRight[e], a, c);
        if (!w2.ok) continue;
        buf.set(st.path.subarray(0, w2.len), n);
        n += w2.len;
      }
      if (gainOf(st, anchor, buf, n, a, c) <= 0) continue;
      st.path.set(buf.subarray(0, Math.min(n, st.path.length)), 0);
      if (n > st.path.length) continue;
      flipPath(st, n, a, c);
      flips++;
      improved = true;
    }
    if (!improved) break;
  }
  return flips;
}
