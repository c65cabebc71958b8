import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from './mems-sim.constants';
import { MemsSimDriver } from './mems-sim.driver';
import { ProfileSampler } from './sim-profile.sampler';

/** Fake timers only: these tests pin the model (max of pair times), never the machine's speed. */
describe('MemsSimDriver batch timing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function track<T>(promise: Promise<T>) {
    const state = { done: false };
    void promise.then(() => (state.done = true));
    return state;
  }

  it('settles a batch after the longest of its pair times, because mirrors move in parallel', async () => {
    const seed = 7;
    const expected = new ProfileSampler(PROFILES['3d-mems'], seed);
    const draws = [expected.switchingMs(), expected.switchingMs(), expected.switchingMs()];
    const longest = Math.max(...draws);
    expect(draws.reduce((a, b) => a + b)).toBeGreaterThan(longest + 1); // the test would not tell sum from max otherwise

    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', seed, timeScale: 1 });
    const pending = driver.connect([{ north: 1, south: 1 }, { north: 2, south: 2 }, { north: 3, south: 3 }]);
    const state = track(pending);
    await vi.advanceTimersByTimeAsync(Math.ceil(longest) - 1);
    expect(state.done).toBe(false);
    expect(driver.snapshot().crossConnects).toEqual([]); // mirrors still moving
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
    expect((await pending).map((r) => r.switchingMs)).toEqual(draws);
    expect(driver.snapshot().crossConnects).toHaveLength(3);
  });

  it('scales the real wait by timeScale but reports unscaled switching times', async () => {
    const expected = new ProfileSampler(PROFILES['3d-mems'], 1).switchingMs();
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', seed: 1, timeScale: 2 });
    const pending = driver.connect([{ north: 1, south: 1 }]);
    const state = track(pending);
    await vi.advanceTimersByTimeAsync(Math.ceil(expected * 2) - 1);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending)[0].switchingMs).toBe(expected);
  });

  it('settles at once with timeScale 0, without any timer', async () => {
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', timeScale: 0 });
    const [result] = await driver.connect([{ north: 1, south: 1 }]);
    expect(result.ok).toBe(true);
    expect(result.switchingMs).toBeGreaterThan(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('takes no time for a batch whose pairs are all refused', async () => {
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', timeScale: 1 });
    const [result] = await driver.connect([{ north: 999, south: 1 }]);
    expect(result.code).toBe('PORT_OUT_OF_RANGE');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs batches on one switch one after another, in call order', async () => {
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', timeScale: 1 });
    const first = driver.connect([{ north: 1, south: 1 }]);
    const second = driver.disconnect([{ north: 1, south: 1 }]);
    await vi.advanceTimersByTimeAsync(500);
    expect((await first)[0].ok).toBe(true);
    expect((await second)[0].ok).toBe(true); // planned after the first settled, so N1-S1 existed
    expect(driver.snapshot().crossConnects).toEqual([]);
  });
});
