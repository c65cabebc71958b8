/**
 * Bipartite multigraph edge colouring by alternating paths (Konig's theorem, constructive form).
 *
 * Algorithm: edges are coloured one at a time. If the edge's two vertices share a free colour it
 * takes it (found with one AND over bitset words); otherwise, with colour a free at the left vertex x
 * and b free at the right vertex y, the a/b alternating path starting at y is flipped, which frees a
 * at y without touching x (bipartite: the path reaches the left side only through a-edges, and a is
 * free at x). Complexity O(E x (C/32 + V)) worst case, O(E x C/32) when paths are rare; memory
 * O((V_left + V_right) x C).
 *
 * Invariants: no vertex holds a colour twice; a vertex only ever holds colours in its allowed set
 * (only the far end of a flipped path changes its colour set, and it is checked before the flip).
 * With every colour allowed everywhere and every degree <= C the colouring always succeeds (Konig);
 * with restricted sets (ragged fibres) it is a heuristic and reports the edges it could not colour.
 *
 * `preset` colours are kept unless a path must move them; `cost` counts preset edges that end on a
 * colour other than their preset, and when several (a, b) choices exist the cheapest path is taken,
 * which is what minimal rewiring needs.
 *
 * Reference: D. Konig (1916); A. Schrijver, "Bipartite edge coloring in O(Delta m) time", SIAM J.
 * Comput. 28 (1998), section 2 (the alternating-path step).
 */
import { TopologyInvalidArgumentError } from '../errors';

export interface ColouringInput {
  nLeft: number;
  nRight: number;
  colours: number;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Bitsets of allowed colours, `ceil(colours/32)` words per vertex; omitted = every colour allowed. */
  allowedLeft?: Uint32Array;
  allowedRight?: Uint32Array;
  /** Colour already held by an edge (-1 = none); must be a valid partial colouring. */
  preset?: Int32Array;
  /** How many (a, b) choices to compare when a path is needed (default 1; rewiring uses more). */
  pathChoices?: number;
}

export interface ColouringResult {
  colour: Int32Array;
  /** Edges left uncoloured (only possible with restricted allowed sets or degree > colours). */
  uncoloured: number[];
  /** Preset edges whose final colour differs from their preset. */
  movedPresets: number;
}

const WHERE = 'mesh/colourBipartiteMultigraph';

function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

export function colourBipartiteMultigraph(input: ColouringInput): ColouringResult {
  const { nLeft, nRight, colours: C, edgeLeft, edgeRight } = input;
  const m = edgeLeft.length;
  if (edgeRight.length !== m || !(C >= 1)) {
    throw new TopologyInvalidArgumentError(WHERE, 'edgeLeft and edgeRight must have equal length and colours >= 1; fix the caller');
  }
  const W = (C + 31) >>> 5;
  const freeL = new Uint32Array(nLeft * W);
  const freeR = new Uint32Array(nRight * W);
  const fullMask = (w: number) => (w === W - 1 && (C & 31) !== 0 ? (1 << (C & 31)) - 1 : 0xffffffff) >>> 0;
  for (let v = 0; v < nLeft; v++) for (let w = 0; w < W; w++) freeL[v * W + w] = input.allowedLeft ? input.allowedLeft[v * W + w] & fullMask(w) : fullMask(w);
  for (let v = 0; v < nRight; v++) for (let w = 0; w < W; w++) freeR[v * W + w] = input.allowedRight ? input.allowedRight[v * W + w] & fullMask(w) : fullMask(w);
  const atL = new Int32Array(nLeft * C).fill(-1);
  const atR = new Int32Array(nRight * C).fill(-1);
  const colour = new Int32Array(m).fill(-1);
  const preset = input.preset;

  const place = (e: number, c: number) => {
    const x = edgeLeft[e];
    const y = edgeRight[e];
    colour[e] = c;
    atL[x * C + c] = e;
    atR[y * C + c] = e;
    freeL[x * W + (c >>> 5)] &= ~(1 << (c & 31));
    freeR[y * W + (c >>> 5)] &= ~(1 << (c & 31));
  };
  const unplace = (e: number) => {
    const c = colour[e];
    const x = edgeLeft[e];
    const y = edgeRight[e];
    atL[x * C + c] = -1;
    atR[y * C + c] = -1;
    freeL[x * W + (c >>> 5)] |= 1 << (c & 31);
    freeR[y * W + (c >>> 5)] |= 1 << (c & 31);
    colour[e] = -1;
  };
  const isFree = (bits: Uint32Array, v: number, c: number) => (bits[v * W + (c >>> 5)] >>> (c & 31)) & 1;

  if (preset) {
    for (let e = 0; e < m; e++) {
      const c = preset[e];
      if (c < 0) continue;
      if (!isFree(freeL, edgeLeft[e], c) || !isFree(freeR, edgeRight[e], c)) {
        throw new TopologyInvalidArgumentError(WHERE, `preset colour ${c} of edge ${e} clashes or is not allowed; pass a valid partial colouring`);
      }
      place(e, c);
    }
  }

  const path = new Int32Array(nLeft + nRight + 2);
  // Walks the a/b path from right vertex y (first edge coloured a); returns its length and cost.
  const walk = (y: number, a: number, b: number): { len: number; cost: number; ok: boolean } => {
    let len = 0;
    let cost = 0;
    let onRight = true;
    let v = y;
    let c = a;
    for (;;) {
      const e = onRight ? atR[v * C + c] : atL[v * C + c];
      if (e < 0) break;
      path[len++] = e;
      const other = c === a ? b : a;
      if (preset && preset[e] >= 0) cost += (preset[e] === c ? 1 : 0) - (preset[e] === other ? 1 : 0);
      v = onRight ? edgeLeft[e] : edgeRight[e];
      onRight = !onRight;
      c = other;
    }
    // The far end v lacks colour c and now gains it: it must allow c (checked via allowed bitsets).
    let ok = true;
    if (len > 0) {
      const allowed = onRight ? input.allowedRight : input.allowedLeft;
      if (allowed) ok = ((allowed[v * W + (c >>> 5)] >>> (c & 31)) & 1) === 1;
    }
    return { len, cost, ok };
  };
  const flip = (len: number, a: number, b: number) => {
    for (let i = 0; i < len; i++) {
      const e = path[i];
      const c = colour[e];
      unplace(e);
      colour[e] = c === a ? b : a; // remember target; placed below
    }
    for (let i = 0; i < len; i++) {
      const e = path[i];
      const c = colour[e];
      colour[e] = -1;
      place(e, c);
    }
  };

  const choices = Math.max(1, input.pathChoices ?? 1);
  const uncoloured: number[] = [];
  for (let e = 0; e < m; e++) {
    if (colour[e] >= 0) continue;
    const x = edgeLeft[e];
    const y = edgeRight[e];
    let common = -1;
    for (let w = 0; w < W; w++) {
      const both = freeL[x * W + w] & freeR[y * W + w];
      if (both !== 0) {
        common = (w << 5) + lowestBit(both);
        break;
      }
    }
    if (common >= 0) {
      place(e, common);
      continue;
    }
    // Candidates: colours free at x (a) that y may hold, colours free at y (b) that x may hold.
    let best: { a: number; b: number; cost: number; len: number } | undefined;
    let tried = 0;
    outer: for (let wa = 0; wa < W; wa++) {
      let ma = freeL[x * W + wa];
      while (ma !== 0) {
        const a = (wa << 5) + lowestBit(ma);
        ma &= ma - 1;
        if (input.allowedRight && !((input.allowedRight[y * W + (a >>> 5)] >>> (a & 31)) & 1)) continue;
        for (let wb = 0; wb < W; wb++) {
          let mb = freeR[y * W + wb];
          while (mb !== 0) {
            const b = (wb << 5) + lowestBit(mb);
            mb &= mb - 1;
            if (input.allowedLeft && !((input.allowedLeft[x * W + (b >>> 5)] >>> (b & 31)) & 1)) continue;
            const r = walk(y, a, b);
            if (!r.ok) continue;
            tried++;
            if (!best || r.cost < best.cost || (r.cost === best.cost && r.len < best.len)) best = { a, b, cost: r.cost, len: r.len };
            if (tried >= choices || best.cost <= 0) break outer;
          }
        }
      }
    }
    if (!best) {
      uncoloured.push(e);
      continue;
    }
    const r = walk(y, best.a, best.b);
    flip(r.len, best.a, best.b);
    place(e, best.a);
  }
  let movedPresets = 0;
  if (preset) for (let e = 0; e < m; e++) if (preset[e] >= 0 && preset[e] !== colour[e]) movedPresets++;
  return { colour, uncoloured, movedPresets };
}
