import { describe, expect, it, vi } from 'vitest';
import { CoalescedCalls } from './coalesced-calls';

const doubling = (log: number[][]) => async (inputs: number[]) => {
  log.push(inputs);
  return inputs.map((n) => n * 2);
};

describe('CoalescedCalls (acks settled in batches)', () => {
  it('calls made together run as one batch and each caller gets its own answer', async () => {
    const batches: number[][] = [];
    const calls = new CoalescedCalls({ run: doubling(batches), maxBatch: 100 });
    expect(await Promise.all([calls.call(1), calls.call(2), calls.call(3)])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('runs one batch at a time: calls arriving during a batch go together in the next one, in order', async () => {
    let release!: () => void;
    const batches: number[][] = [];
    const run = vi.fn(async (inputs: number[]) => {
      batches.push(inputs);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return inputs.map((n) => n * 2);
    });
    const calls = new CoalescedCalls({ run, maxBatch: 100 });
    const first = calls.call(1);
    await vi.waitFor(() => expect(run).toHaveBeenCalledTimes(1));
    const later = [calls.call(2), calls.call(3)];
    expect(run).toHaveBeenCalledTimes(1);
    release();
    expect(await first).toBe(2);
    expect(await Promise.all(later)).toEqual([4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('splits what is waiting into batches of at most maxBatch', async () => {
    const batches: number[][] = [];
    const calls = new CoalescedCalls({ run: doubling(batches), maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => calls.call(n)))).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('a bad input fails only its own caller: a failed batch is run again call by call', async () => {
    const run = vi.fn(async (inputs: number[]) => {
      if (inputs.includes(13)) throw new Error('13 is refused');
      return inputs.map((n) => n * 2);
    });
    const calls = new CoalescedCalls({ run, maxBatch: 100 });
    const outcomes = await Promise.allSettled([calls.call(1), calls.call(13), calls.call(3)]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(run.mock.calls.map((c) => c[0])).toEqual([[1, 13, 3], [1], [13], [3]]);
  });

  it('an error isolate() says is not the input\'s (Redis away) fails the whole batch at once', async () => {
    const run = vi.fn(async () => {
      throw new Error('Redis unavailable');
    });
    const calls = new CoalescedCalls<number, number>({ run, maxBatch: 100, isolate: () => false });
    const outcomes = await Promise.allSettled([calls.call(1), calls.call(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('a batch answering the wrong number of results fails rather than misattributing answers', async () => {
    const calls = new CoalescedCalls<number, number>({ run: async () => [1], maxBatch: 100, isolate: () => false });
    await expect(Promise.all([calls.call(1), calls.call(2)])).rejects.toThrow(/a batch of 2 calls answered 1 results/);
  });
});
