/**
 * Mutable state of a bipartite multigraph edge colouring, shared by the mesh colouring and by
 * minimal rewiring: per-vertex bitsets of free colours, the edge holding each (vertex, colour), and
 * the alternating-path walk and flip that Konig's theorem rests on.
 *
 * Invariants: `atL[x*C+c]` is the only edge of left vertex x with colour c (-1 if none), and bit c
 * of x's free words is set iff c is allowed at x and `atL[x*C+c] === -1` (same on the right). A flip
 * swaps a and b along a maximal (or truncated) a/b path, so interior vertices keep their colour
 * sets and only the far end changes, which `walk` checks against the allowed set.
 *
 * Complexity: place/unplace O(1); walk and flip O(path length) <= O(V). Memory O(V x C).
 */
export interface ColouringState {
  readonly C: number;
  readonly W: number;
  readonly edgeLeft: Int32Array;
  readonly edgeRight: Int32Array;
  readonly colour: Int32Array;
  readonly freeL: Uint32Array;
  readonly freeR: Uint32Array;
  readonly atL: Int32Array;
  readonly atR: Int32Array;
  readonly allowedLeft?: Uint32Array;
  readonly allowedRight?: Uint32Array;
  /** Scratch buffer for the last walked path. */
  readonly path: Int32Array;
}

export function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

export function createColouringState(
  nLeft: number,
  nRight: number,
  C: number,
  edgeLeft: Int32Array,
  edgeRight: Int32Array,
  allowedLeft?: Uint32Array,
  allowedRight?: Uint32Array,
): ColouringState {
  const W = (C + 31) >>> 5;
  const full = (w: number) => (w === W - 1 && (C & 31) !== 0 ? (1 << (C & 31)) - 1 : 0xffffffff) >>> 0;
  const freeL = new Uint32Array(nLeft * W);
  const freeR = new Uint32Array(nRight * W);
  for (let v = 0; v < nLeft; v++) for (let w = 0; w < W; w++) freeL[v * W + w] = allowedLeft ? allowedLeft[v * W + w] & full(w) : full(w);
  for (let v = 0; v < nRight; v++) for (let w = 0; w < W; w++) freeR[v * W + w] = allowedRight ? allowedRight[v * W + w] & full(w) : full(w);
  return {
    C,
    W,
    edgeLeft,
    edgeRight,
    colour: new Int32Array(edgeLeft.length).fill(-1),
    freeL,
    freeR,
    atL: new Int32Array(nLeft * C).fill(-1),
    atR: new Int32Array(nRight * C).fill(-1),
    allowedLeft,
    allowedRight,
    path: new Int32Array(nLeft + nRight + 2),
  };
}

export function isFree(bits: Uint32Array, W: number, v: number, c: number): boolean {
  return ((bits[v * W + (c >>> 5)] >>> (c & 31)) & 1) === 1;
}

export function placeEdge(st: ColouringState, e: number, c: number): void {
  const x = st.edgeLeft[e];
  const y = st.edgeRight[e];
  st.colour[e] = c;
  st.atL[x * st.C + c] = e;
  st.atR[y * st.C + c] = e;
  st.freeL[x * st.W + (c >>> 5)] &= ~(1 << (c & 31));
  st.freeR[y * st.W + (c >>> 5)] &= ~(1 << (c & 31));
}

export function unplaceEdge(st: ColouringState, e: number): void {
  const c = st.colour[e];
  const x = st.edgeLeft[e];
  const y = st.edgeRight[e];
  st.atL[x * st.C + c] = -1;
  st.atR[y * st.C + c] = -1;
  st.freeL[x * st.W + (c >>> 5)] |= 1 << (c & 31);
  st.freeR[y * st.W + (c >>> 5)] |= 1 << (c & 31);
  st.colour[e] = -1;
}

/** First colour free at both x (left) and y (right), or -1. */
export function commonFree(st: ColouringState, x: number, y: number): number {
  const { W, freeL, freeR } = st;
  for (let w = 0; w < W; w++) {
    const both = freeL[x * W + w] & freeR[y * W + w];
    if (both !== 0) return (w << 5) + lowestBit(both);
  }
  return -1;
}

export interface Walk {
  /** Edges on the path, in `st.path[0..len)`. */
  len: number;
  /** Index in the path of the edge that `stopAt` accepted (path truncated there), or -1. */
  stop: number;
  /** The far end may take the colour it gains (always true when it was truncated). */
  ok: boolean;
}

/**
 * Walks the a/b alternating path from vertex `start` (a right vertex, or a left one when
 * `fromLeft`), first edge coloured a. `stopAt(e)` may end
 * the walk early on an edge the caller will delete (rewiring truncates paths at circuits that must
 * be torn down anyway); `onEdge(e, from, to)` sees each edge with its current and new colour.
 */
export function walkPath(
  st: ColouringState,
  start: number,
  a: number,
  b: number,
  stopAt?: (e: number) => boolean,
  limit = Infinity,
  fromLeft = false,
): Walk {
  const { C, W, atL, atR, edgeLeft, edgeRight, path } = st;
  let len = 0;
  let onRight = !fromLeft;
  let v = start;
  let c = a;
  for (;;) {
    const e = onRight ? atR[v * C + c] : atL[v * C + c];
    if (e < 0) break;
    path[len++] = e;
    if (len > 1 && stopAt && stopAt(e)) return { len, stop: len - 1, ok: true };
    if (len >= limit) return { len, stop: -1, ok: false };
    v = onRight ? edgeLeft[e] : edgeRight[e];
    onRight = !onRight;
    c = c === a ? b : a;
  }
  let ok = true;
  if (len > 0) {
    const allowed = onRight ? st.allowedRight : st.allowedLeft;
    if (allowed) ok = ((allowed[v * W + (c >>> 5)] >>> (c & 31)) & 1) === 1;
  }
  return { len, stop: -1, ok };
}

/** Swaps colours a and b on `st.path[0..len)` (the edges of the last walk, minus a truncated end). */
export function flipPath(st: ColouringState, len: number, a: number, b: number): void {
  const { path, colour } = st;
  const target = new Int32Array(len);
  for (let i = 0; i < len; i++) {
    const e = path[i];
    target[i] = colour[e] === a ? b : a;
    unplaceEdge(st, e);
  }
  for (let i = 0; i < len; i++) placeEdge(st, path[i], target[i]);
}
