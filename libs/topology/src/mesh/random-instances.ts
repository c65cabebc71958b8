/**
 * Seeded random instances for specs and the benchmark: a PRNG, random regular link matrices and
 * degree-preserving churn. Not part of the library API (not exported from index.ts).
 *
 * Why here and not in the fixture: bench/topology runs compiled without fast-check, and must build
 * exactly the instances the specs use.
 */
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
 * Degree-preserving churn: random swaps (u1,v1),(u2,v2) -> (u1,v2),(u2,v1), the model the
 * rewiring benchmark uses, applied until `moved` links differ from the start (sum over pairs of
 * max(0, new - old)), so "1% churn" on J64 means 164 of 16,384 links moved.
 */
export function churn(matrix: Int32Array, blocks: number, moved: number, rand: () => number): Int32Array {
  const m = matrix.slice();
  let gained = 0;
  const bump = (i: number, d: number) => {
    if (d > 0 && m[i] >= matrix[i]) gained++;
    if (d < 0 && m[i] > matrix[i]) gained--;
    m[i] += d;
  };
  for (let guard = 0; gained < moved && guard < moved * 200; guard++) {
    const u1 = Math.floor(rand() * blocks);
    const u2 = Math.floor(rand() * blocks);
    const v1 = Math.floor(rand() * blocks);
    const v2 = Math.floor(rand() * blocks);
    if (u1 === u2 || v1 === v2 || m[u1 * blocks + v1] === 0 || m[u2 * blocks + v2] === 0) continue;
    bump(u1 * blocks + v1, -1);
    bump(u2 * blocks + v2, -1);
    bump(u1 * blocks + v2, 1);
    bump(u2 * blocks + v1, 1);
  }
  return m;
}

/**
 * Circuit-level churn: random pairs of circuits on one switch exchange their south ends, applied
 * until `moved` links differ from the start. The target is then reachable at exactly the lower
 * bound (the generating exchanges are one such plan), so it tests whether a planner finds that
 * plan from the link counts alone. Needs one port per endpoint per side on each switch (J64).
 */
export function churnByCircuitSwaps(perms: readonly Int32Array[], blocks: number, moved: number, rand: () => number): { target: Int32Array; exchanges: number } {
  const start = new Int32Array(blocks * blocks);
  for (const p of perms) p.forEach((v, u) => v >= 0 && start[u * blocks + v]++);
  const m = start.slice();
  const work = perms.map((p) => p.slice());
  let gained = 0;
  let exchanges = 0;
  const bump = (i: number, d: number) => {
    if (d > 0 && m[i] >= start[i]) gained++;
    if (d < 0 && m[i] > start[i]) gained--;
    m[i] += d;
  };
  for (let guard = 0; gained < moved && guard < moved * 200; guard++) {
    const p = work[Math.floor(rand() * work.length)];
    const u1 = Math.floor(rand() * blocks);
    const u2 = Math.floor(rand() * blocks);
    const v1 = p[u1];
    const v2 = p[u2];
    if (u1 === u2 || v1 < 0 || v2 < 0) continue;
    bump(u1 * blocks + v1, -1);
    bump(u2 * blocks + v2, -1);
    bump(u1 * blocks + v2, 1);
    bump(u2 * blocks + v1, 1);
    p[u1] = v2;
    p[u2] = v1;
    exchanges++;
  }
  // 4 x exchanges is the touched count of the generating plan: an upper bound on the optimum.
  return { target: m, exchanges };
}
