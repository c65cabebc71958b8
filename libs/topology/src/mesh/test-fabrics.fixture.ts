/**
 * Test fixtures shared by the specs of mesh/, rewire/, staging/, traffic/ and repair-ports/:
 * small random fabrics and feasible random demands. Not exported from the library.
 */
import fc from 'fast-check';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { FabricSpec } from '../types';

export interface BlockCase {
  blocks: number;
  ocs: number;
  perSide: number;
  seed: number;
}

export const blockCase: fc.Arbitrary<BlockCase> = fc.record({
  blocks: fc.integer({ min: 2, max: 9 }),
  ocs: fc.integer({ min: 1, max: 12 }),
  perSide: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

export function blockFabric(c: BlockCase): FabricSpec {
  return generateBlockFabric({ blocks: c.blocks, ocs: c.ocs, uplinks: 2 * c.ocs * c.perSide, portsPerOcs: c.blocks * c.perSide + 1 });
}

/** Deterministic PRNG (mulberry32) so a failing fast-check seed reproduces exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle(n: number, rand: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/**
 * A demand of `permutations` random permutations summed (a regular multigraph), with a share of
 * circuits dropped so degrees are not always full. Always realisable when permutations <= ocs x perSide.
 */
export function randomDemand(blocks: number, permutations: number, rand: () => number, dropShare = 0): Int32Array {
  const d = new Int32Array(blocks * blocks);
  for (let k = 0; k < permutations; k++) {
    shuffle(blocks, rand).forEach((v, u) => {
      if (rand() >= dropShare) d[u * blocks + v]++;
    });
  }
  return d;
}

/**
 * Degree-preserving churn: `moves` random swaps (u1,v1),(u2,v2) -> (u1,v2),(u2,v1), the model the
 * rewiring benchmark uses. Each swap moves 2 links.
 */
export function churn(matrix: Int32Array, blocks: number, moves: number, rand: () => number): Int32Array {
  const m = matrix.slice();
  let done = 0;
  for (let guard = 0; done < moves && guard < moves * 50; guard++) {
    const u1 = Math.floor(rand() * blocks);
    const u2 = Math.floor(rand() * blocks);
    const v1 = Math.floor(rand() * blocks);
    const v2 = Math.floor(rand() * blocks);
    if (u1 === u2 || v1 === v2 || m[u1 * blocks + v1] === 0 || m[u2 * blocks + v2] === 0) continue;
    m[u1 * blocks + v1]--;
    m[u2 * blocks + v2]--;
    m[u1 * blocks + v2]++;
    m[u2 * blocks + v1]++;
    done++;
  }
  return m;
}
