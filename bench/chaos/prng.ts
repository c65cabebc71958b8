/**
 * A seeded pseudo-random generator for the chaos schedule: mulberry32 (Tommy Ettinger, public
 * domain; 32-bit state, period 2^32, passes gjrand's tests at this size). Not cryptographic: it only
 * has to give the same fault schedule and the same workload choices for the same seed, on every
 * machine and Node version (it uses only 32-bit integer arithmetic, no Math.random).
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A new list: the items in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one (so one actor's choices do not shift another's). */
  fork(label: string): Prng;
}

export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new Error(`chaos/prng: seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const prng: Prng = {
    next,
    int: (min, max) => {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new Error(`chaos/prng: int(${min}, ${max}) needs integers with min <= max`);
      return min + Math.floor(next() * (max - min + 1));
    },
    pick: (items) => {
      if (items.length === 0) throw new Error('chaos/prng: pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    fork: (label) => createPrng((Math.floor(next() * 4294967296) ^ hash(label)) | 0),
  };
  return prng;
}

/** FNV-1a, 32 bits: mixes a label into a forked seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
