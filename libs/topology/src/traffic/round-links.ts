/**
 * Integer link counts from the LP relaxation of the traffic-aware topology.
 *
 * Algorithm: floor every pair's fractional count, then add circuits one at a time to the pair with
 * the largest marginal gain f(n+1) - f(n) (f as in traffic-lp.build.ts) whose two blocks still have
 * a free port, using a binary heap. Because f is concave, marginal gains only fall, so a popped
 * pair whose gain is stale is re-pushed with its new gain. Flooring loses less than one circuit per
 * fractional pair and the greedy refill wins most of it back; the caller reports the gap to the LP.
 * Finally, optionally, ports left over are filled with zero-gain circuits between the heaviest pairs
 * (extra direct capacity costs nothing and helps transit traffic).
 *
 * Complexity O(P log P + R log P) for P pairs and R circuits added. Invariant: no block exceeds its
 * port budget.
 */
import type { TrafficLp } from './traffic-lp.build';

const gainOf = (p: TrafficLp['pairs'][number], n: number) => Math.min(p.lo, n + 1) + Math.min(p.hi, n + 1) - Math.min(p.lo, n) - Math.min(p.hi, n);

class MaxHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (k[parent] >= k[i]) break;
      [k[parent], k[i]] = [k[i], k[parent]];
      [v[parent], v[i]] = [v[i], v[parent]];
      i = parent;
    }
  }
  pop(): [number, number] {
    const k = this.keys;
    const v = this.vals;
    const top: [number, number] = [k[0], v[0]];
    const lk = k.pop() as number;
    const lv = v.pop() as number;
    if (k.length > 0) {
      k[0] = lk;
      v[0] = lv;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k.length && k[l] > k[m]) m = l;
        if (r < k.length && k[r] > k[m]) m = r;
        if (m === i) break;
        [k[m], k[i]] = [k[i], k[m]];
        [v[m], v[i]] = [v[i], v[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Returns n per pair (index k of `lp.pairs`) and the blocks' used ports. */
export function roundLinks(lp: TrafficLp, fractional: Float64Array, B: number, ports: Int32Array, fillSpare: boolean): { n: Int32Array; used: Int32Array } {
  const P = lp.pairs.length;
  const n = new Int32Array(P);
  const used = new Int32Array(B);
  for (let k = 0; k < P; k++) {
    n[k] = Math.floor(fractional[k] + 1e-7);
    used[lp.pairs[k].i] += n[k];
    used[lp.pairs[k].j] += n[k];
  }
  const room = (k: number) => used[lp.pairs[k].i] < ports[lp.pairs[k].i] && used[lp.pairs[k].j] < ports[lp.pairs[k].j];
  const heap = new MaxHeap();
  for (let k = 0; k < P; k++) {
    const g = gainOf(lp.pairs[k], n[k]);
    if (g > 1e-12) heap.push(g, k);
  }
  while (heap.size > 0) {
    const [g, k] = heap.pop();
    const now = gainOf(lp.pairs[k], n[k]);
    if (now <= 1e-12 || !room(k)) continue;
    if (now < g - 1e-12) {
      heap.push(now, k);
      continue;
    }
    n[k]++;
    used[lp.pairs[k].i]++;
    used[lp.pairs[k].j]++;
    const next = gainOf(lp.pairs[k], n[k]);
    if (next > 1e-12) heap.push(next, k);
  }
  if (fillSpare) {
    const order = Array.from({ length: P }, (_, k) => k).sort((a, b) => lp.pairs[b].lo + lp.pairs[b].hi - (lp.pairs[a].lo + lp.pairs[a].hi));
    for (let progress = true; progress; ) {
      progress = false;
      for (const k of order) {
        if (!room(k)) continue;
        n[k]++;
        used[lp.pairs[k].i]++;
        used[lp.pairs[k].j]++;
        progress = true;
      }
    }
  }
  return { n, used };
}
