import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemsSimDriver } from './mems-sim.driver';
import { MemsSimInvalidArgumentError, MemsSimNotFoundError } from './mems-sim.errors';
import type { MemsSimOptions } from './mems-sim.options';
import type { DriverEvent } from './switch-driver';

const sim = (options: Partial<MemsSimOptions> = {}) =>
  new MemsSimDriver({ switchId: 'ocs-1', profile: 'instant', timeScale: 0, ...options });

function recorder(driver: MemsSimDriver): DriverEvent[] {
  const events: DriverEvent[] = [];
  driver.onEvent((event) => events.push(event));
  return events;
}

describe('MemsSimDriver fault injection', () => {
  afterEach(() => vi.useRealTimers());

  it('power loss empties the switch and refuses commands; power comes back empty', async () => {
    const driver = sim();
    const events = recorder(driver);
    await driver.connect([{ north: 1, south: 1 }, { north: 2, south: 2 }]);
    driver.powerLoss();
    expect(events).toContainEqual({ kind: 'power-lost' });
    expect(driver.snapshot()).toMatchObject({ powered: false, crossConnects: [], ports: [] });
    expect((await driver.disconnect([{ north: 1, south: 1 }]))[0].code).toBe('POWERED_OFF');
    driver.powerRestore();
    expect(events.at(-1)).toEqual({ kind: 'power-restored' });
    expect(driver.snapshot()).toMatchObject({ powered: true, crossConnects: [] });
    expect((await driver.connect([{ north: 1, south: 1 }]))[0].ok).toBe(true);
  });

  it('fails the pairs of a batch in flight when power is lost while mirrors move', async () => {
    vi.useFakeTimers();
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: '3d-mems', timeScale: 1 });
    const pending = driver.connect([{ north: 1, south: 1 }]);
    await vi.advanceTimersByTimeAsync(1); // the batch is planned and its mirrors move (3d-mems: >= 5 ms)
    driver.powerLoss();
    driver.powerRestore();
    await vi.advanceTimersByTimeAsync(250);
    const [result] = await pending;
    expect(result).toMatchObject({ ok: false, code: 'POWERED_OFF' });
    expect(driver.snapshot().crossConnects).toEqual([]);
  });

  it('a stuck mirror fails the next connect or disconnect touching it and keeps the light path', async () => {
    const driver = sim();
    const events = recorder(driver);
    await driver.connect([{ north: 4, south: 4 }]);
    driver.stickMirror('north', 4);
    expect(events.at(-1)).toMatchObject({ kind: 'port-health', port: { side: 'north', port: 4 }, health: 'degraded' });
    const [stuck] = await driver.disconnect([{ north: 4, south: 4 }]);
    expect(stuck).toMatchObject({ ok: false, code: 'MIRROR_STUCK' });
    expect(stuck.reason).toContain('north port 4');
    expect(driver.snapshot().crossConnects).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ kind: 'port-health', port: { side: 'north', port: 4 }, health: 'ok' });
    expect((await driver.disconnect([{ north: 4, south: 4 }]))[0].ok).toBe(true);
  });

  it('a pair refused as busy does not use up the stuck mirror', async () => {
    const driver = sim();
    await driver.connect([{ north: 1, south: 1 }]);
    driver.stickMirror('south', 1, 1);
    expect((await driver.connect([{ north: 2, south: 1 }]))[0].code).toBe('PORT_BUSY');
    expect((await driver.disconnect([{ north: 1, south: 1 }]))[0].code).toBe('MIRROR_STUCK');
  });

  it('a failed port tears down its cross-connect, and restoring it does not remake it', async () => {
    const driver = sim();
    const events = recorder(driver);
    await driver.connect([{ north: 3, south: 7 }]);
    driver.failPort('south', 7, 'fibre cut');
    const failed = events.at(-1);
    expect(failed).toMatchObject({ kind: 'port-health', port: { side: 'south', port: 7 }, health: 'failed', severity: 'major' });
    expect(failed && 'reason' in failed && failed.reason).toMatch(/fibre cut.*N3-S7 was torn down/);
    expect(driver.snapshot().crossConnects).toEqual([]);
    expect(driver.snapshot().ports).toEqual([{ side: 'south', port: 7, health: 'failed', powerDbm: null }]);
    driver.restorePort('south', 7);
    expect(events.at(-1)).toMatchObject({ health: 'ok' });
    expect(driver.snapshot().crossConnects).toEqual([]);
  });

  it('drifting loss raises a minor degraded event, then a critical one, on both ends', async () => {
    const driver = sim({ initialCrossConnects: [{ north: 1, south: 2, lossDb: 1.5 }] });
    const events = recorder(driver);
    driver.driftLoss(1, 2, { dbPerTick: 1 });
    driver.tick(); // 2.5 dB: under the 3 dB degraded threshold
    expect(events).toEqual([]);
    driver.tick(); // 3.5 dB
    expect(events.map((e) => e.kind === 'port-health' && [e.port.side, e.health, e.severity])).toEqual([
      ['north', 'degraded', 'minor'],
      ['south', 'degraded', 'minor'],
    ]);
    driver.tick(2); // 5.5 dB: over the 5 dB critical threshold
    expect(events.slice(2).map((e) => e.kind === 'port-health' && e.severity)).toEqual(['critical', 'critical']);
    expect(driver.snapshot().crossConnects[0].lossDb).toBeCloseTo(5.5);
    expect(driver.readPowers()[0].powerDbm as number).toBeCloseTo(-5.5, 0);
  });

  it('drift stops at its target and ends when the path is disconnected', async () => {
    const driver = sim({ initialCrossConnects: [{ north: 1, south: 2, lossDb: 1 }], degradedLossDb: 1.5 });
    const events = recorder(driver);
    driver.driftLoss(1, 2, { targetDb: 2 });
    driver.tick(10);
    expect(driver.snapshot().crossConnects[0].lossDb).toBe(2);
    await driver.disconnect([{ north: 1, south: 2 }]);
    expect(events.slice(-2).map((e) => e.kind === 'port-health' && e.health)).toEqual(['ok', 'ok']);
  });

  it('runs telemetry ticks on its own when telemetryIntervalMs is set', async () => {
    vi.useFakeTimers();
    const driver = sim({ telemetryIntervalMs: 1000, initialCrossConnects: [{ north: 1, south: 1, lossDb: 1 }] });
    driver.driftLoss(1, 1, { dbPerTick: 0.5 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(driver.snapshot().crossConnects[0].lossDb).toBeCloseTo(2.5);
    await driver.close();
  });

  it('refuses faults on ports that do not exist, and drift on pairs that are not connected, by error kind', () => {
    const driver = sim();
    expect(() => driver.failPort('north', 137)).toThrow(MemsSimInvalidArgumentError);
    expect(() => driver.stickMirror('south', 1, 0)).toThrow(MemsSimInvalidArgumentError);
    expect(() => driver.driftLoss(1, 1, { dbPerTick: 0.1 })).toThrow(MemsSimNotFoundError);
  });

  it('keeps other listeners and the switch state intact when one listener throws, rethrowing it later', () => {
    const driver = sim();
    const seen: DriverEvent[] = [];
    const boom = new Error('listener bug');
    driver.onEvent(() => {
      throw boom;
    });
    driver.onEvent((event) => seen.push(event));
    const deferred: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => deferred.push(task));
    try {
      driver.powerLoss();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(seen).toEqual([{ kind: 'power-lost' }]);
    expect(driver.isPowered()).toBe(false);
    expect(deferred).toHaveLength(1);
    expect(deferred[0]).toThrow(boom);
  });
});
