/**
 * Gravity-model traffic matrix: T_ij = load x w_i w_j / sum_{k != l} w_k w_l for i != j, with block
 * weights w drawn log-normally (sigma controls the skew), the usual model for inter-block demand in
 * Jupiter-style studies (Jupiter Evolving, SIGCOMM 2022; Roughan's gravity model for traffic
 * matrices). Seeded, so benchmarks and specs use identical instances. Complexity O(B^2).
 */
import { rng } from '../mesh/random-instances';

export function gravityTraffic(blocks: number, totalLoad: number, seed: number, sigma = 1): Float64Array {
  const rand = rng(seed);
  const w = Array.from({ length: blocks }, () => {
    // Box-Muller: a standard normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.exp(sigma * z);
  });
  let norm = 0;
  for (let i = 0; i < blocks; i++) for (let j = 0; j < blocks; j++) if (i !== j) norm += w[i] * w[j];
  const t = new Float64Array(blocks * blocks);
  for (let i = 0; i < blocks; i++) for (let j = 0; j < blocks; j++) if (i !== j) t[i * blocks + j] = (totalLoad * w[i] * w[j]) / norm;
  return t;
}
