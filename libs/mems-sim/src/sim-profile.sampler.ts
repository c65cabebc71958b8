/**
 * Draws per-pair switching times and insertion losses from a profile, each from its own seeded
 * stream so the sequence of draws of one kind does not depend on how often the other is drawn.
 */
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import { PROFILES, RANDOM_STREAM } from './mems-sim.constants';
import { SeededRandom, deriveSeed } from './seeded-random';
import type { ProfileName, SimProfile } from './sim-profile.types';

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export const roundTo = (value: number, step: number) => Math.round(value / step) * step;

export function resolveProfile(profile: ProfileName | SimProfile): SimProfile {
  if (typeof profile !== 'string') return profile;
  const found = (PROFILES as Record<string, SimProfile | undefined>)[profile];
  if (!found) {
    throw new MemsSimInvalidArgumentError(
      'profile',
      `unknown profile "${profile}"; use one of ${Object.keys(PROFILES).join(', ')} or pass a SimProfile object`,
    );
  }
  return found;
}

export class ProfileSampler {
  private readonly switchingRandom: SeededRandom;
  private readonly lossRandom: SeededRandom;

  constructor(
    readonly profile: SimProfile,
    seed: number,
  ) {
    this.switchingRandom = new SeededRandom(deriveSeed(seed, RANDOM_STREAM.switching));
    this.lossRandom = new SeededRandom(deriveSeed(seed, RANDOM_STREAM.loss));
  }

  /** Simulated time for one pair's mirrors to settle, in ms. */
  switchingMs(): number {
    const { medianMs, sigma, minMs, maxMs } = this.profile.switching;
    if (maxMs <= 0) return 0;
    return clamp(this.switchingRandom.lognormal(medianMs, sigma), minMs, maxMs);
  }

  /** Insertion loss of a new light path in dB (mirror path + connectors), at 0.01 dB resolution. */
  lossDb(): number {
    const { meanDb, sdDb, minDb, maxDb, connectorDb } = this.profile.loss;
    const path = clamp(this.lossRandom.normal(meanDb, sdDb), minDb, maxDb);
    return roundTo(path + connectorDb, 0.01);
  }
}
