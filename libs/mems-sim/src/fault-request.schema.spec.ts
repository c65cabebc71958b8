import { describe, expect, it } from 'vitest';
import { applyFault, FaultRequestSchema, parseFaultRequest } from './fault-request.schema';
import { MemsSimDriver } from './mems-sim.driver';
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import type { SwitchDriver } from './switch-driver';

const sim = () => new MemsSimDriver({ switchId: 'ocs-1', profile: 'instant', timeScale: 0 });

describe('fault requests', () => {
  it('accepts every fault kind', () => {
    const bodies = [
      { kind: 'fail-port', side: 'north', port: 1, reason: 'fibre cut' },
      { kind: 'restore-port', side: 'north', port: 1 },
      { kind: 'stick-mirror', side: 'south', port: 2, operations: 3 },
      { kind: 'unstick-mirror', side: 'south', port: 2 },
      { kind: 'drift-loss', north: 1, south: 2, dbPerTick: 0.1 },
      { kind: 'drift-loss', north: 1, south: 2, targetDb: 4 },
      { kind: 'power-loss' },
      { kind: 'power-restore' },
    ];
    for (const body of bodies) expect(FaultRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
  });

  it('rejects unknown kinds, extra fields, bad ports and drift without a rate or target', () => {
    const bodies = [
      { kind: 'melt' },
      { kind: 'power-loss', now: true },
      { kind: 'fail-port', side: 'north', port: 0 },
      { kind: 'fail-port', side: 'up', port: 1 },
      { kind: 'drift-loss', north: 1, south: 2 },
    ];
    for (const body of bodies) expect(FaultRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it('parseFaultRequest throws MemsSimInvalidArgumentError naming the field', () => {
    expect(() => parseFaultRequest({ kind: 'drift-loss', north: 1, south: 2 })).toThrow(MemsSimInvalidArgumentError);
    expect(() => parseFaultRequest({ kind: 'fail-port', side: 'north', port: 1.5 })).toThrow(/port/);
  });

  it('applyFault applies the fault and returns the events it raised', async () => {
    const driver = sim();
    await driver.connect([{ north: 1, south: 1 }]);
    const outcome = applyFault(driver, parseFaultRequest({ kind: 'fail-port', side: 'north', port: 1 }));
    expect(outcome.events).toMatchObject([{ kind: 'port-health', health: 'failed' }]);
    expect(driver.snapshot().crossConnects).toEqual([]);
    expect(applyFault(driver, { kind: 'power-loss' }).events).toEqual([{ kind: 'power-lost' }]);
  });

  it('applyFault refuses a driver without fault injection', () => {
    const real = { describe: () => ({}), onEvent: () => () => undefined } as unknown as SwitchDriver;
    expect(() => applyFault(real, { kind: 'power-loss' })).toThrow(MemsSimInvalidArgumentError);
  });
});
