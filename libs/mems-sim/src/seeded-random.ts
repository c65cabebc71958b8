/**
 * Seeded pseudo-random numbers for the simulator: mulberry32 (Tommy Ettinger, public domain), a
 * 32-bit state generator with a 2^32 period, plus Box-Muller normals and lognormals built on it.
 *
 * Why our own: Math.random cannot be seeded, and a test or a benchmark must replay the same
 * switching times, losses and power noise from a seed. mulberry32 is plenty for simulation noise;
 * it is not for cryptography. Nothing here reads the clock or global state.
 */

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Normal(mean, sd) by Box-Muller; 1 - next() keeps the logarithm away from 0. */
  normal(mean: number, sd: number): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Lognormal with the given median (exp(mu)) and shape sigma: p99 = median * exp(2.326 * sigma). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
}

/**
 * Derives an independent stream seed from one user seed, so that (say) reading port powers more or
 * less often does not change the next connect's loss: each kind of draw has its own stream.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
