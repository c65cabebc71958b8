/**
 * Bipartite multigraph edge colouring by alternating paths (Konig's theorem, constructive form).
 *
 * Algorithm: edges are coloured one at a time. If the edge's two vertices share a free colour it
 * takes it (found with one AND over bitset words); otherwise, with colour a free at the left vertex x
 * and b free at the right vertex y, the a/b alternating path starting at y is flipped, which frees a
 * at y without touching x (bipartite: the path reaches the left side only through a-edges, and a is
 * free at x). Complexity O(E x (C/32 + V)) worst case, O(E x C/32) when paths are rare; memory
 * O((V_left + V_right) x C). State and path mechanics live in colouring-state.ts.
 *
 * Invariants: no vertex holds a colour twice; a vertex only ever holds colours in its allowed set.
 * With every colour allowed everywhere and every degree <= C the colouring always succeeds (Konig);
 * with restricted sets (ragged fibres) it is a heuristic and reports the edges it could not colour.
 *
 * Reference: D. Konig (1916); A. Schrijver, "Bipartite edge coloring in O(Delta m) time", SIAM J.
 * Comput. 28 (1998), section 2 (the alternating-path step).
 */
import { TopologyInvalidArgumentError } from '../errors';
import { commonFree, createColouringState, flipPath, lowestBit, placeEdge, walkPath, type ColouringState } from './colouring-state';

export interface ColouringInput {
  nLeft: number;
  nRight: number;
  colours: number;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Bitsets of allowed colours, `ceil(colours/32)` words per vertex; omitted = every colour allowed. */
  allowedLeft?: Uint32Array;
  allowedRight?: Uint32Array;
}

export interface ColouringResult {
  colour: Int32Array;
  /** Edges left uncoloured (only possible with restricted allowed sets or degree > colours). */
  uncoloured: number[];
}

const WHERE = 'mesh/colourBipartiteMultigraph';

export function colourBipartiteMultigraph(input: ColouringInput): ColouringResult {
  const { nLeft, nRight, colours: C, edgeLeft, edgeRight } = input;
  if (edgeRight.length !== edgeLeft.length || !(C >= 1)) {
    throw new TopologyInvalidArgumentError(WHERE, 'edgeLeft and edgeRight must have equal length and colours >= 1; fix the caller');
  }
  const st = createColouringState(nLeft, nRight, C, edgeLeft, edgeRight, input.allowedLeft, input.allowedRight);
  const { W, freeL, freeR } = st;
  const uncoloured: number[] = [];
  for (let e = 0; e < edgeLeft.length; e++) {
    const x = edgeLeft[e];
    const y = edgeRight[e];
    const common = commonFree(st, x, y);
    if (common >= 0) {
      placeEdge(st, e, common);
      continue;
    }
    if (!tryPath(st, e, x, y, W, freeL, freeR, input.allowedLeft, input.allowedRight)) uncoloured.push(e);
  }
  return { colour: st.colour, uncoloured };
}

// Tries (a free at x, b free at y) pairs until a flippable path is found; with full allowed sets
// the first pair always works, so the double loop only iterates on ragged fabrics.
function tryPath(
  st: ColouringState,
  e: number,
  x: number,
  y: number,
  W: number,
  freeL: Uint32Array,
  freeR: Uint32Array,
  allowedLeft?: Uint32Array,
  allowedRight?: Uint32Array,
): boolean {
  for (let wa = 0; wa < W; wa++) {
    let ma = freeL[x * W + wa];
    while (ma !== 0) {
      const a = (wa << 5) + lowestBit(ma);
      ma &= ma - 1;
      if (allowedRight && !((allowedRight[y * W + (a >>> 5)] >>> (a & 31)) & 1)) continue;
      for (let wb = 0; wb < W; wb++) {
        let mb = freeR[y * W + wb];
        while (mb !== 0) {
          const b = (wb << 5) + lowestBit(mb);
          mb &= mb - 1;
          if (allowedLeft && !((allowedLeft[x * W + (b >>> 5)] >>> (b & 31)) & 1)) continue;
          const walk = walkPath(st, y, a, b);
          if (!walk.ok) continue;
          flipPath(st, walk.len, a, b);
          placeEdge(st, e, a);
          return true;
        }
      }
    }
  }
  return false;
}
