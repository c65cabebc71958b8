import { StateUnavailableError } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { isTransient, retryTransient, TransientInfraError } from './transient-retry';

/** A clock that only moves when the retry loop sleeps: no real waiting, no timing in the assertions. */
function fakeTime(start = 1_000) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

describe('transient-retry', () => {
  it('retries Redis-unavailable and transient infrastructure errors until the step succeeds', async () => {
    const time = fakeTime();
    const failures = [new StateUnavailableError('connection closed'), new TransientInfraError('kafka send failed')];
    const attempts: number[] = [];
    const result = await retryTransient(
      async (attempt) => {
        attempts.push(attempt);
        const failure = failures.shift();
        if (failure) throw failure;
        return 'done';
      },
      { until: time.now() + 60_000, random: () => 0.5, now: time.now, sleep: time.sleep },
    );
    expect(result).toBe('done');
    expect(attempts).toEqual([0, 1, 2]);
    expect(time.slept).toEqual([50, 100]);
  });

  it('does not retry an error that is not transient', async () => {
    const time = fakeTime();
    let calls = 0;
    const refused = new Error('PORT_BUSY');
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw refused;
        },
        { until: time.now() + 60_000, now: time.now, sleep: time.sleep },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the next attempt would start past the deadline', async () => {
    const time = fakeTime();
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new StateUnavailableError(`attempt ${calls}`);
        },
        { until: time.now() + 1_000, random: () => 0.999, now: time.now, sleep: time.sleep },
      ),
    ).rejects.toThrow(/attempt \d+/);
    expect(time.now()).toBeLessThanOrEqual(1_000 + 1_000);
    expect(calls).toBeGreaterThan(1);
  });

  it('stops when beforeRetry throws (the replica lost leadership)', async () => {
    const time = fakeTime();
    const deposed = new Error('not leader');
    await expect(
      retryTransient(
        async () => {
          throw new StateUnavailableError('down');
        },
        {
          until: time.now() + 60_000,
          now: time.now,
          sleep: time.sleep,
          beforeRetry: () => {
            throw deposed;
          },
        },
      ),
    ).rejects.toBe(deposed);
  });

  it('classifies only Redis-unavailable and TransientInfraError as transient', () => {
    expect(isTransient(new StateUnavailableError('x'))).toBe(true);
    expect(isTransient(new TransientInfraError('x'))).toBe(true);
    expect(isTransient(new Error('Connection is closed.'))).toBe(false);
  });
});
