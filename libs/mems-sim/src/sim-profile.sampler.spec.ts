import { describe, expect, it } from 'vitest';
import { PROFILES } from './mems-sim.constants';
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import { ProfileSampler, resolveProfile } from './sim-profile.sampler';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function draw(profileName: keyof typeof PROFILES, n: number) {
  const sampler = new ProfileSampler(PROFILES[profileName], 123);
  const times = Array.from({ length: n }, () => sampler.switchingMs()).sort((a, b) => a - b);
  const losses = Array.from({ length: n }, () => sampler.lossDb());
  return { times, losses };
}

describe('profile sampling', () => {
  it('palomar: switching median ~1.2 ms and p99 under 3 ms; every loss under 2 dB', () => {
    const { times, losses } = draw('palomar', 20_000);
    expect(quantile(times, 0.5)).toBeGreaterThan(1.1);
    expect(quantile(times, 0.5)).toBeLessThan(1.3);
    expect(quantile(times, 0.99)).toBeLessThan(3);
    expect(Math.max(...losses)).toBeLessThan(2);
    const mean = losses.reduce((a, b) => a + b) / losses.length;
    expect(mean).toBeGreaterThan(1.0);
    expect(mean).toBeLessThan(1.5);
  });

  it('3d-mems: tens of ms per move, never over the 200 ms all-port bound; loss 2.0..3.2 dB with MTP', () => {
    const { times, losses } = draw('3d-mems', 20_000);
    expect(quantile(times, 0.5)).toBeGreaterThan(20);
    expect(quantile(times, 0.5)).toBeLessThan(30);
    expect(times.at(-1)).toBeLessThanOrEqual(200);
    expect(Math.min(...losses)).toBeGreaterThanOrEqual(2.0);
    expect(Math.max(...losses)).toBeLessThanOrEqual(3.2);
  });

  it('instant: every move takes 0 ms', () => {
    expect(new Set(draw('instant', 100).times)).toEqual(new Set([0]));
  });

  it('refuses an unknown profile name with MemsSimInvalidArgumentError', () => {
    expect(() => resolveProfile('fast' as never)).toThrow(MemsSimInvalidArgumentError);
  });
});
