import { describe, expect, it } from 'vitest';
import { SeededRandom, deriveSeed } from './seeded-random';

describe('SeededRandom', () => {
  it('replays the same sequence from the same seed and another from another seed', () => {
    const seq = (seed: number) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(seq(9)).toEqual(seq(9));
    expect(seq(9)).not.toEqual(seq(10));
  });

  it('draws uniforms in [0, 1) with a mean near 0.5', () => {
    const r = new SeededRandom(1);
    const xs = Array.from({ length: 10_000 }, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('derives distinct stream seeds from one seed', () => {
    expect(new Set([1, 2, 3].map((s) => deriveSeed(1, s))).size).toBe(3);
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
  });
});
