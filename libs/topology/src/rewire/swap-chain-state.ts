/**
 * The state of swap-chain rewiring (swap-chains.ts): every switch as a partial permutation of
 * endpoints (nb[s*E+u] = the endpoint u's north port is joined to, sb the inverse), today's
 * permutations, the residual R = target - current counts, and per pair the switches carrying it
 * as linked lists in typed arrays; the 2x2 exchange that is the only move, and its cost.
 *
 * Complexity: reading O(switch ports + circuits + E^2); an exchange O(1).
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';

export interface Perms {
  S: number;
  E: number;
  nb: Int32Array;
  sb: Int32Array;
  orig: Int32Array;
  R: Int32Array;
  /**
   * R transposed (RT[v*E+u] = R[u*E+v]), kept in step by exchange(): the candidates of a surplus
   * scan its column, which in R strides E apart and missed the cache on every read at 1,000 OCS.
   */
  RT: Int32Array;
  /**
   * Switches carrying each pair now, as linked lists of slots (slot s*E+u, the north port of u on
   * s): head[u*E+v], then next[slot] (-1 ends). Typed arrays, so exchanges allocate nothing.
   */
  head: Int32Array;
  next: Int32Array;
  prev: Int32Array;
  /** The usable north (south) port of endpoint e on switch s at s*E+e, -1 when none. */
  northPort: Int32Array;
  southPort: Int32Array;
}

export function link(p: Perms, pair: number, slot: number): void {
  const h = p.head[pair];
  p.next[slot] = h;
  p.prev[slot] = -1;
  if (h >= 0) p.prev[h] = slot;
  p.head[pair] = slot;
}

export function unlink(p: Perms, pair: number, slot: number): void {
  const a = p.prev[slot];
  const b = p.next[slot];
  if (a >= 0) p.next[a] = b;
  else p.head[pair] = b;
  if (b >= 0) p.prev[b] = a;
}

/**
 * The usable port of each (switch, endpoint) in flat arrays, or null where a switch has two usable
 * ports of an endpoint on a side. Looking ports up per circuit in the index's nested arrays misses
 * the cache at 1,000 OCS, and even this one pass over them is a sixth of a plan there, so it is
 * kept per index (an index is built once and never changed; restarts and ejection chains read it
 * again). The arrays are only ever read.
 */
const portTables = new WeakMap<PortIndex, { northPort: Int32Array; southPort: Int32Array } | null>();

function portTableOf(index: PortIndex): { northPort: Int32Array; southPort: Int32Array } | null {
  const known = portTables.get(index);
  if (known !== undefined) return known;
  const S = index.switches.length;
  const E = index.endpoints.length;
  const northPort = new Int32Array(S * E).fill(-1);
  const southPort = new Int32Array(S * E).fill(-1);
  let table: { northPort: Int32Array; southPort: Int32Array } | null = { northPort, southPort };
  outer: for (let s = 0; s < S; s++) {
    const ns = index.north[s];
    const ss = index.south[s];
    for (let e = 0; e < E; e++) {
      if (ns[e].length > 1 || ss[e].length > 1) {
        table = null;
        break outer;
      }
      if (ns[e].length === 1) northPort[s * E + e] = ns[e][0];
      if (ss[e].length === 1) southPort[s * E + e] = ss[e][0];
    }
  }
  portTables.set(index, table);
  return table;
}

/** Reads today's circuits into permutations, or undefined when the fabric or state does not fit. */
export function readPerms(index: PortIndex, current: readonly CrossConnect[], target: Int32Array): Perms | undefined {
  const S = index.switches.length;
  const E = index.endpoints.length;
  const table = portTableOf(index);
  if (!table) return undefined;
  const { northPort, southPort } = table;
  const nb = new Int32Array(S * E).fill(-1);
  const sb = new Int32Array(S * E).fill(-1);
  const R = target.slice();
  // Circuits come grouped by switch (as every planner writes them): look the id up once per run.
  let lastId: string | undefined;
  let s: number | undefined;
  for (const cc of current) {
    if (cc.switchId !== lastId) {
      lastId = cc.switchId;
      s = index.switchIndex.get(cc.switchId);
    }
    if (s === undefined) return undefined;
    const u = index.northOwner[s][cc.north] ?? -1;
    const v = index.southOwner[s][cc.south] ?? -1;
    if (u < 0 || v < 0 || northPort[s * E + u] !== cc.north || southPort[s * E + v] !== cc.south) return undefined;
    if (nb[s * E + u] >= 0 || sb[s * E + v] >= 0) return undefined;
    nb[s * E + u] = v;
    sb[s * E + v] = u;
    R[u * E + v]--;
  }
  // Degrees must not change: every row and column of R sums to zero.
  for (let u = 0; u < E; u++) {
    let row = 0;
    let col = 0;
    for (let v = 0; v < E; v++) {
      row += R[u * E + v];
      col += R[v * E + u];
    }
    if (row !== 0 || col !== 0) return undefined;
  }
  const RT = new Int32Array(E * E);
  for (let u = 0; u < E; u++) for (let v = 0; v < E; v++) RT[v * E + u] = R[u * E + v];
  const p: Perms = { S, E, nb, sb, orig: nb.slice(), R, RT, northPort, southPort, head: new Int32Array(E * E).fill(-1), next: new Int32Array(S * E).fill(-1), prev: new Int32Array(S * E).fill(-1) };
  for (let slot = 0; slot < S * E; slot++) if (nb[slot] >= 0) link(p, (slot % E) * E + nb[slot], slot);
  return p;
}

/** Exchanges the south ends of rows a and b on switch s. */
export function exchange(p: Perms, s: number, a: number, b: number): void {
  const { E, nb, sb, R } = p;
  const c = nb[s * E + a];
  const d = nb[s * E + b];
  unlink(p, a * E + c, s * E + a);
  unlink(p, b * E + d, s * E + b);
  link(p, a * E + d, s * E + a);
  link(p, b * E + c, s * E + b);
  nb[s * E + a] = d;
  nb[s * E + b] = c;
  sb[s * E + d] = a;
  sb[s * E + c] = b;
  R[a * E + c]++;
  R[b * E + d]++;
  R[a * E + d]--;
  R[b * E + c]--;
  const { RT } = p;
  RT[c * E + a]++;
  RT[d * E + b]++;
  RT[d * E + a]--;
  RT[c * E + b]--;
}

/** Change in slots differing from today if rows a and b exchange their ends on s. */
export function exchangeCost(p: Perms, s: number, a: number, b: number): number {
  const { E, nb, orig } = p;
  const c = nb[s * E + a];
  const d = nb[s * E + b];
  const oa = orig[s * E + a];
  const ob = orig[s * E + b];
  return (d !== oa ? 1 : 0) + (c !== ob ? 1 : 0) - (c !== oa ? 1 : 0) - (d !== ob ? 1 : 0);
}
