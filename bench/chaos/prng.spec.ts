import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';

describe('chaos prng (mulberry32)', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('pins the first values of seed 1, so a change of algorithm (and of every schedule) is noticed', () => {
    const p = createPrng(1);
    // mulberry32(1) starts 0.6270739405881613 (the reference implementation's first value).
    expect(createPrng(1).next()).toBe(0.6270739405881613);
    expect([p.int(0, 999), p.int(0, 999), p.int(0, 999)]).toEqual([627, 2, 527]);
  });

  it('int stays within its bounds and reaches both ends', () => {
    const p = createPrng(7);
    const seen = new Set(Array.from({ length: 500 }, () => p.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('shuffle keeps every item; fork gives a stream that depends on seed and label only', () => {
    const p = createPrng(9);
    expect(p.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    const x = createPrng(9).fork('operator');
    const y = createPrng(9).fork('operator');
    const z = createPrng(9).fork('launcher');
    expect(x.next()).toBe(y.next());
    expect(createPrng(9).fork('operator').next()).not.toBe(z.next());
  });

  it('refuses a non-integer seed and an empty pick, naming the module', () => {
    expect(() => createPrng(1.5)).toThrow(/chaos\/prng/);
    expect(() => createPrng(1).pick([])).toThrow(/empty list/);
  });
});
