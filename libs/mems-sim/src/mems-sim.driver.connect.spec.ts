import { describe, expect, it } from 'vitest';
import { MemsSimDriver } from './mems-sim.driver';
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import type { MemsSimOptions } from './mems-sim.options';
import type { CrossConnectPair } from './switch-driver';

const sim = (options: Partial<MemsSimOptions> = {}) =>
  new MemsSimDriver({ switchId: 'ocs-1', profile: 'instant', timeScale: 0, ...options });

describe('MemsSimDriver connect and disconnect', () => {
  it('describes a 136 x 136 palomar switch by default', () => {
    const d = new MemsSimDriver({ switchId: 'ocs-1' }).describe();
    expect(d).toMatchObject({ switchId: 'ocs-1', northPorts: 136, southPorts: 136, driver: 'mems-sim', profile: 'palomar' });
  });

  it('rejects an out-of-range port with PORT_OUT_OF_RANGE and names the valid range', async () => {
    const [north, south] = await sim().connect([
      { north: 137, south: 1 },
      { north: 1, south: 0 },
    ]);
    expect(north).toMatchObject({ ok: false, code: 'PORT_OUT_OF_RANGE' });
    expect(north.reason).toContain('1..136');
    expect(south).toMatchObject({ ok: false, code: 'PORT_OUT_OF_RANGE' });
    expect(south.reason).toContain('south');
  });

  it('rejects non-integer or missing ports with INVALID_PAIR', async () => {
    const bad = [{ north: 1.5, south: 2 }, { north: '3', south: 4 }, { south: 4 }, null] as unknown as CrossConnectPair[];
    const results = await sim().connect(bad);
    expect(results.map((r) => r.code)).toEqual(['INVALID_PAIR', 'INVALID_PAIR', 'INVALID_PAIR', 'INVALID_PAIR']);
    expect(results[0].reason).toContain('one north port to one south port');
  });

  it('rejects a busy port with PORT_BUSY naming the cross-connect that holds it', async () => {
    const driver = sim();
    await driver.connect([{ north: 3, south: 7 }]);
    const [northBusy, southBusy] = await driver.connect([
      { north: 3, south: 8 },
      { north: 4, south: 7 },
    ]);
    expect(northBusy).toMatchObject({ ok: false, code: 'PORT_BUSY' });
    expect(northBusy.reason).toContain('north port 3 is held by cross-connect N3-S7');
    expect(southBusy.reason).toContain('south port 7 is held by cross-connect N3-S7');
  });

  it('rejects a port taken earlier in the same batch, saying so', async () => {
    const [first, second] = await sim().connect([
      { north: 1, south: 1 },
      { north: 1, south: 2 },
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'PORT_BUSY' });
    expect(second.reason).toContain('earlier in this batch');
  });

  it('treats connecting an existing pair again as done, without moving mirrors', async () => {
    const driver = sim();
    const [made] = await driver.connect([{ north: 2, south: 5 }]);
    const [again] = await driver.connect([{ north: 2, south: 5 }]);
    expect(again).toMatchObject({ ok: true, switchingMs: 0, lossDb: made.lossDb });
    expect(driver.snapshot().crossConnects).toHaveLength(1);
  });

  it('rejects a failed port with PORT_FAILED and a powered-off switch with POWERED_OFF', async () => {
    const driver = sim();
    driver.failPort('south', 9);
    const [failed] = await driver.connect([{ north: 1, south: 9 }]);
    expect(failed).toMatchObject({ ok: false, code: 'PORT_FAILED' });
    driver.powerLoss();
    const [off] = await driver.connect([{ north: 2, south: 2 }]);
    expect(off).toMatchObject({ ok: false, code: 'POWERED_OFF' });
    expect(off.reason).toContain('power-restored');
  });

  it('rejects disconnecting a pair that is not connected with NOT_CONNECTED, naming what is there', async () => {
    const driver = sim();
    await driver.connect([{ north: 3, south: 7 }]);
    const [wrong, dark] = await driver.disconnect([
      { north: 3, south: 8 },
      { north: 4, south: 4 },
    ]);
    expect(wrong).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
    expect(wrong.reason).toContain('N3-S7');
    expect(dark.reason).toContain('dark');
  });

  it('applies pairs in order, so a disconnect then a connect moves a port', async () => {
    const driver = sim();
    await driver.connect([{ north: 1, south: 1 }]);
    expect((await driver.disconnect([{ north: 1, south: 1 }]))[0].ok).toBe(true);
    expect((await driver.connect([{ north: 1, south: 2 }]))[0].ok).toBe(true);
    expect(driver.snapshot().crossConnects.map(({ north, south }) => ({ north, south }))).toEqual([{ north: 1, south: 2 }]);
  });

  it('shows a new cross-connect in the snapshot with Palomar loss under 2 dB and both ends lit', async () => {
    const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: 'palomar', timeScale: 0, now: () => 1000 });
    const [result] = await driver.connect([{ north: 5, south: 6 }]);
    const snap = driver.snapshot();
    expect(snap.crossConnects).toEqual([{ north: 5, south: 6, lossDb: result.lossDb, since: 1000 }]);
    expect(result.lossDb).toBeGreaterThanOrEqual(0.8);
    expect(result.lossDb).toBeLessThan(2);
    expect(snap.ports.map((p) => `${p.side}:${p.port}:${p.health}`)).toEqual(['north:5:ok', 'south:6:ok']);
    for (const port of snap.ports) expect(port.powerDbm as number).toBeCloseTo(-(result.lossDb as number), 0);
  });

  it('draws 3D-MEMS losses of 2.0 to 3.2 dB (mirror path plus 0.5 dB MTP) on a 320-port switch', async () => {
    const driver = new MemsSimDriver({ switchId: 's320', northPorts: 320, profile: '3d-mems', timeScale: 0 });
    const pairs = Array.from({ length: 320 }, (_, i) => ({ north: i + 1, south: 320 - i }));
    const results = await driver.connect(pairs);
    expect(results.every((r) => r.ok)).toBe(true);
    for (const r of results) {
      expect(r.lossDb).toBeGreaterThanOrEqual(2.0);
      expect(r.lossDb).toBeLessThanOrEqual(3.2);
    }
    expect(driver.describe().southPorts).toBe(320);
  });

  it('replays the same losses, switching times and power readings from the same seed', async () => {
    const run = async (seed: number) => {
      const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: 'palomar', seed, timeScale: 0 });
      const results = await driver.connect([{ north: 1, south: 2 }, { north: 3, south: 4 }]);
      return { results, powers: driver.readPowers() };
    };
    expect(await run(42)).toEqual(await run(42));
    expect(await run(42)).not.toEqual(await run(43));
  });

  it('starts with the given initial cross-connects, as mirrors hold position across agent restarts', () => {
    const driver = sim({ initialCrossConnects: [{ north: 1, south: 2, lossDb: 1.3, since: 5 }, { north: 2, south: 1 }] });
    const [first, second] = driver.snapshot().crossConnects;
    expect(first).toEqual({ north: 1, south: 2, lossDb: 1.3, since: 5 });
    expect(second).toMatchObject({ north: 2, south: 1 });
    expect(() => sim({ initialCrossConnects: [{ north: 1, south: 2 }, { north: 1, south: 3 }] })).toThrow(MemsSimInvalidArgumentError);
  });

  it('refuses bad options with MemsSimInvalidArgumentError naming the option', () => {
    expect(() => sim({ northPorts: 0 })).toThrow(/northPorts/);
    expect(() => sim({ timeScale: -1 })).toThrow(MemsSimInvalidArgumentError);
    expect(() => sim({ profile: 'nope' as never })).toThrow(/unknown profile/);
  });
});
