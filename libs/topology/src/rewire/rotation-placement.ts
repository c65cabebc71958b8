/**
 * Step 2a of minimal rewiring: exact rotations on one switch, found before any circuit is placed.
 *
 * On switch s, surplus circuits p1->q1, ..., pk->qk (pairs that must lose circuits) can be torn
 * down and their ends re-paired p1->q2, p2->q3, ..., pk->q1 in place. When every re-paired pair is
 * a deficit pair, the rotation costs exactly its share of the lower bound (k removals, k
 * additions) and no other circuit moves. A circuit-level change (some circuits on some switches
 * re-paired) is recovered exactly this way; placing deficits one at a time instead tends to take a
 * surplus circuit from the wrong switch and break the rotation it belonged to.
 *
 * Algorithm: per switch, collect the surplus circuits; try every ordered pair (2-rotations), then
 * every triple (3-rotations), applying each rotation whose pairs still have surplus and deficit
 * left. Complexity O(S x (r^2 + r^3)) for r surplus circuits per switch (J64 at 25% churn: r ~ 16).
 * Invariant: only surplus circuits are removed and only deficit circuits added, each on ports the
 * rotation itself frees.
 */
import { placeEdge } from '../mesh/colouring-state';
import type { RewireContext } from './rewire-context';

export interface DeficitPool {
  /** Unplaced deficit edges of endpoint pair (u, v). */
  count(u: number, v: number): number;
  /** Hands out one of them (call only when count > 0). */
  take(u: number, v: number): number;
}

export function placeByRotations(ctx: RewireContext, pool: DeficitPool, leftEndpoint: Int32Array, rightEndpoint: Int32Array, maxLength = 3): number {
  const { rs, removable } = ctx;
  const { st, oldCount } = rs;
  const bySwitch: number[][] = Array.from({ length: st.C }, () => []);
  for (let e = 0; e < oldCount; e++) if (removable(e)) bySwitch[st.colour[e]].push(e);
  const L = (e: number) => leftEndpoint[st.edgeLeft[e]];
  const R = (e: number) => rightEndpoint[st.edgeRight[e]];
  let placed = 0;
  const apply = (s: number, ring: number[]) => {
    const adds = ring.map((e, i) => ({ x: st.edgeLeft[e], y: st.edgeRight[ring[(i + 1) % ring.length]], ne: pool.take(L(e), R(ring[(i + 1) % ring.length])) }));
    for (const e of ring) ctx.remove(e);
    for (const a of adds) {
      st.edgeLeft[a.ne] = a.x;
      st.edgeRight[a.ne] = a.y;
      placeEdge(st, a.ne, s);
      placed++;
    }
  };
  for (let len = 2; len <= maxLength; len++) {
    for (let s = 0; s < st.C; s++) {
      const R0 = bySwitch[s];
      if (R0.length < len) continue;
      for (let i = 0; i < R0.length; i++) {
        for (let j = 0; j < R0.length; j++) {
          if (j === i) continue;
          const ei = R0[i];
          const ej = R0[j];
          if (!removable(ei) || !removable(ej) || st.colour[ei] !== s || st.colour[ej] !== s) continue;
          if (len === 2) {
            if (j < i) continue;
            if (L(ei) === L(ej) || R(ei) === R(ej)) continue;
            if (pool.count(L(ei), R(ej)) < 1 || pool.count(L(ej), R(ei)) < 1) continue;
            apply(s, [ei, ej]);
            continue;
          }
          if (pool.count(L(ei), R(ej)) < 1) continue;
          for (let k = 0; k < R0.length; k++) {
            if (k === i || k === j) continue;
            const ek = R0[k];
            if (!removable(ek) || st.colour[ek] !== s) continue;
            if (!removable(ei) || !removable(ej)) break;
            if (!ringFeasible(ctx, pool, [ei, ej, ek], L, R)) continue;
            apply(s, [ei, ej, ek]);
            break;
          }
        }
      }
    }
  }
  return placed;
}

// Every re-paired pair must have a distinct waiting deficit edge, and every torn-down pair enough
// surplus for all of its circuits in the ring.
function ringFeasible(ctx: RewireContext, pool: DeficitPool, ring: number[], L: (e: number) => number, R: (e: number) => number): boolean {
  const need = new Map<number, number>();
  for (const e of ring) need.set(ctx.rs.pair[e], (need.get(ctx.rs.pair[e]) ?? 0) + 1);
  for (const [p, n] of need) if (ctx.surplus[p] < n) return false;
  const adds = new Map<string, number>();
  for (let i = 0; i < ring.length; i++) {
    const u = L(ring[i]);
    const v = R(ring[(i + 1) % ring.length]);
    const key = `${u}/${v}`;
    adds.set(key, (adds.get(key) ?? 0) + 1);
  }
  for (const [key, n] of adds) {
    const [u, v] = key.split('/').map(Number);
    if (pool.count(u, v) < n) return false;
  }
  return true;
}
