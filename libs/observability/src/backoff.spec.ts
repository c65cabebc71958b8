import { describe, expect, it } from 'vitest';
import { backoffDelay, retryWithBackoff } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by the random draw (full jitter)', () => {
    const top = { initialMs: 100, maxMs: 1_000, random: () => 0.999 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('never waits less than a tenth of the first step', () => {
    expect(backoffDelay(5, { initialMs: 100, maxMs: 1_000, random: () => 0 })).toBe(10);
  });
});

describe('retryWithBackoff', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it('retries a retriable failure until the task succeeds', async () => {
    const c = clock();
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 3) throw new Error('settling');
        return 'ok';
      },
      { initialMs: 10, maxMs: 100, deadlineMs: 10_000, retriable: () => true, random: () => 0.5, ...c },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('throws a non-retriable error at once', async () => {
    let calls = 0;
    const fatal = new Error('bad config');
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw fatal;
        },
        { initialMs: 10, maxMs: 100, deadlineMs: 10_000, retriable: (e) => e !== fatal, ...clock() },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the next wait would pass the deadline', async () => {
    const c = clock();
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          throw new Error(`attempt ${++calls}`);
        },
        { initialMs: 100, maxMs: 100, deadlineMs: 450, retriable: () => true, random: () => 0.999, ...c },
      ),
    ).rejects.toThrow('attempt 5');
    expect(c.now()).toBeLessThanOrEqual(450);
  });

  it('stops retrying when cancelled', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          throw new Error(`attempt ${++calls}`);
        },
        { initialMs: 10, maxMs: 10, deadlineMs: Number.POSITIVE_INFINITY, retriable: () => true, cancelled: () => calls >= 2, ...clock() },
      ),
    ).rejects.toThrow('attempt 2');
  });
});
