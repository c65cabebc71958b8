import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoopFailure, LoopRunner, type LoopStep } from './loop-runner';

const silent = pino({ level: 'silent' });

describe('LoopRunner', () => {
  let registry: Registry;
  beforeEach(() => {
    vi.useFakeTimers();
    registry = new Registry();
  });
  afterEach(() => vi.useRealTimers());

  const loopOf = (step: LoopStep, extra: { onError?: (err: unknown, f: LoopFailure) => void; backoff?: { initialMs?: number; maxMs?: number; random?: () => number } } = {}) =>
    LoopRunner.for(registry, silent).create({ name: 'test-loop', intervalMs: 100, step, ...extra });

  const metric = async (name: string, labels: Record<string, string>) =>
    (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;

  it('runs every intervalMs after start when the step returns nothing', async () => {
    const step = vi.fn();
    const loop = loopOf(step);
    loop.start();
    await vi.advanceTimersByTimeAsync(99);
    expect(step).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(step).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(step).toHaveBeenCalledTimes(4);
    await loop.stop();
  });

  it('runs next after the requeueAfter the step returned', async () => {
    const times: number[] = [];
    const loop = loopOf(() => {
      times.push(Date.now());
      return { requeueAfter: 1_000 };
    });
    const t0 = Date.now();
    loop.start();
    await vi.advanceTimersByTimeAsync(2_100);
    expect(times.map((t) => t - t0)).toEqual([100, 1_100, 2_100]);
    await loop.stop();
  });

  it('backs off after failures within the jitter bounds, capped, and resets after a success', async () => {
    let fail = true;
    const waits: number[] = [];
    const loop = loopOf(
      () => {
        if (fail) throw new Error('redis away');
      },
      { backoff: { initialMs: 100, maxMs: 400, random: () => 0.999 }, onError: (_e, f) => waits.push(f.retryInMs) },
    );
    loop.start();
    await vi.advanceTimersByTimeAsync(100 + 99 + 199 + 399 + 399);
    // full jitter: uniform in [initial/10, min(max, initial * 2^n)]; the top draw shows the ceiling
    expect(waits).toEqual([99, 199, 399, 399, 399]);
    expect(await metric('lightpath_loop_consecutive_errors', { loop: 'test-loop' })).toBe(5);
    fail = false;
    await vi.advanceTimersByTimeAsync(399);
    expect(await metric('lightpath_loop_consecutive_errors', { loop: 'test-loop' })).toBe(0);
    fail = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(waits.at(-1)).toBe(99);
    expect(await metric('lightpath_loop_runs_total', { loop: 'test-loop', outcome: 'error' })).toBe(6);
    expect(await metric('lightpath_loop_runs_total', { loop: 'test-loop', outcome: 'ok' })).toBe(1);
    await loop.stop();
  });

  it('never waits less than a tenth of the first backoff step, whatever the draw', async () => {
    const waits: number[] = [];
    const loop = loopOf(
      () => {
        throw new Error('x');
      },
      { backoff: { initialMs: 100, maxMs: 400, random: () => 0 }, onError: (_e, f) => waits.push(f.retryInMs) },
    );
    loop.start();
    await vi.advanceTimersByTimeAsync(130);
    expect(waits).toEqual([10, 10, 10, 10]);
    await loop.stop();
  });

  it('never runs one loop twice at once: a wake during a run runs once more after it', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const loop = loopOf(async () => {
      runs++;
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 500));
      active--;
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(150);
    loop.wake();
    loop.wake();
    const after = loop.runNow();
    await vi.advanceTimersByTimeAsync(450);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(500);
    await after;
    expect(most).toBe(1);
    expect(runs).toBe(2);
    await loop.stop();
  });

  it('stop ends the schedule, waits for the run in flight, and ignores wakes until started again', async () => {
    let ended = 0;
    const step = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 50));
      ended++;
    });
    const loop = loopOf(step);
    loop.start();
    await vi.advanceTimersByTimeAsync(120);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(30);
    await stopped;
    expect(ended).toBe(1);
    loop.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(step).toHaveBeenCalledTimes(1);
    loop.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(step).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('runs a wake on the next turn of the event loop, never inside the caller, and merges wakes before it', async () => {
    const step = vi.fn();
    const loop = loopOf(step);
    loop.start();
    loop.wake();
    loop.wake();
    expect(step).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(step).toHaveBeenCalledTimes(1);
    // the schedule continues from that run
    await vi.advanceTimersByTimeAsync(100);
    expect(step).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('counts runs and records their duration per loop in the given registry', async () => {
    const loop = loopOf(() => undefined);
    loop.start();
    await vi.advanceTimersByTimeAsync(200);
    expect(await metric('lightpath_loop_runs_total', { loop: 'test-loop', outcome: 'ok' })).toBe(2);
    const hist = await registry.getSingleMetric('lightpath_loop_run_seconds')!.get();
    expect(hist.values.find((v) => (v as { metricName?: string }).metricName === 'lightpath_loop_run_seconds_count')?.value).toBe(2);
    await loop.stop();
  });

  it('shares one set of metrics between loops of one registry', () => {
    expect(LoopRunner.for(registry, silent)).toBe(LoopRunner.for(registry, silent));
    expect(() => LoopRunner.for(registry, silent).create({ name: 'a', intervalMs: 1, step: () => undefined })).not.toThrow();
  });

  it('refuses an interval that is not positive', () => {
    expect(() => LoopRunner.for(registry, silent).create({ name: 'bad', intervalMs: 0, step: () => undefined })).toThrow(RangeError);
  });
});
