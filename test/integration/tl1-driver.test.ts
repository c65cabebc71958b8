import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverEvent } from '@lightpath/mems-sim';
import { Tl1Driver, type DriverTarget } from '@lightpath/southbound';
import { waitFor } from '@lightpath/testing';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimConfigSchema } from '../../apps/switch-sim/src/config/sim.config';
import { SimSwitch } from '../../apps/switch-sim/src/sim-switch';
import { Tl1Server } from '../../apps/switch-sim/src/tl1/tl1.server';
import { TcpProxy } from '../support/tcp-proxy';

const silent = pino({ level: 'silent' });
const timing = { connectTimeoutMs: 2_000, commandTimeoutMs: 5_000, backoffMinMs: 20, backoffMaxMs: 200, outcomeWaitMs: 5_000, resyncMs: 0 };

/** The TL1 driver against the switch simulator over real TCP sockets (no Kafka or Redis needed). */
describe('TL1 driver against the TL1 switch simulator over TCP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl1-sim-'));
  let sim: SimSwitch;
  let server: Tl1Server;
  let proxy: TcpProxy;
  const drivers: Tl1Driver[] = [];

  const driver = (over: Partial<DriverTarget> = {}, timingOver: Partial<DriverTarget['timing']> = {}) => {
    const target: DriverTarget = { switchId: 'ocs-i', kind: 'tl1', host: '127.0.0.1', port: proxy.port, username: 'lightpath', password: 'pw', northPorts: 136, southPorts: 136, timing: { ...timing, ...timingOver }, ...over };
    const d = new Tl1Driver(target, silent);
    const events: DriverEvent[] = [];
    d.onEvent((e) => events.push(e));
    d.start();
    drivers.push(d);
    return { d, events };
  };
  const up = (d: Tl1Driver) => waitFor('link up', () => d.link().state === 'up');

  beforeAll(async () => {
    const config = SimConfigSchema.parse({ SIM_SWITCHES: 'ocs-i=tl1:0', SIM_PROFILE: 'palomar', SIM_TIME_SCALE: '1', SIM_PASSWORD: 'pw', SIM_STATE_DIR: dir });
    sim = new SimSwitch(config.SIM_SWITCHES[0], config, 0);
    server = new Tl1Server(sim, { username: 'lightpath', password: 'pw' }, silent);
    proxy = new TcpProxy(await server.listen('127.0.0.1', 0));
    await proxy.start();
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
    await sim.apply('disconnect', sim.driver.crossConnects());
  });
  afterAll(async () => {
    await proxy.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in, discovers the switch and reads its state before the link counts as up', async () => {
    await sim.apply('connect', [{ north: 3, south: 4 }]);
    const { d, events } = driver();
    await up(d);
    expect(d.describe()).toMatchObject({ driver: 'tl1', northPorts: 136, profile: 'LIGHTPATH SWITCH-SIM-S320', capabilities: expect.arrayContaining(['bulk-cross-connect', 'firmware:1.0']) });
    expect(d.crossConnects()).toMatchObject([{ north: 3, south: 4 }]);
    expect(proxy.verbs().slice(-4)).toEqual(['ACT-USER', 'RTRV-NETYPE', 'RTRV-CRS', 'RTRV-PORT']);
    expect(events).toEqual([{ kind: 'link', link: expect.objectContaining({ state: 'up' }) }]);
  });

  it('a 136-pair batch is one ENT-CRS exchange, and each pair is acked with its loss', async () => {
    const { d } = driver();
    await up(d);
    const pairs = Array.from({ length: 136 }, (_, i) => ({ north: i + 1, south: 136 - i }));
    const before = proxy.sent.length;
    const results = await d.connect(pairs);
    expect(proxy.verbs().slice(before)).toEqual(['ENT-CRS']);
    expect(results.every((r) => r.ok && r.lossDb! > 0)).toBe(true);
    expect(sim.driver.crossConnects()).toHaveLength(136);
    expect(d.crossConnects()).toHaveLength(136);
  });

  it('maps the device errors to RejectCode per pair: busy, out of range, not connected', async () => {
    const { d } = driver();
    await up(d);
    await d.connect([{ north: 1, south: 1 }]);
    const results = await d.connect([{ north: 2, south: 1 }, { north: 3, south: 3 }, { north: 999, south: 2 }]);
    expect(results.map((r) => [r.ok, r.code])).toEqual([[false, 'PORT_BUSY'], [true, undefined], [false, 'PORT_OUT_OF_RANGE']]);
    expect(results[0].reason).toMatch(/south port 1/i);
    const removed = await d.disconnect([{ north: 5, south: 5 }]);
    expect(removed[0]).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });

  it('wrong credentials: one AUTH_FAILED alarm, pairs refused as SWITCH_UNREACHABLE, nothing sent', async () => {
    const { d, events } = driver({ password: 'wrong' });
    await waitFor('auth failure', () => d.link().code === 'AUTH_FAILED');
    const results = await d.connect([{ north: 1, south: 1 }]);
    expect(results[0]).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(results[0].reason).toMatch(/TL1 login as lightpath .* was refused \(ERCDE=PIUI invalid user identifier or password\)/);
    expect(sim.driver.crossConnects()).toEqual([]);
    expect(events.filter((e) => e.kind === 'link')).toHaveLength(1);
  });

  it('connection refused: the link is down with CONNECT_REFUSED and says what to check', async () => {
    const { d } = driver({ port: 1 });
    await waitFor('refused', () => d.link().code === 'CONNECT_REFUSED');
    expect(d.link().reason).toMatch(/is the switch up and the address right/);
  });

  it('cut mid-batch: the driver re-reads the switch after reconnecting and acks only what the switch holds', async () => {
    const { d, events } = driver();
    await up(d);
    proxy.cutAfterNext('ENT-CRS');
    const results = await d.connect([{ north: 7, south: 8 }, { north: 9, south: 10 }]);
    // The switch received the command and made both: the re-read says so.
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(events.map((e) => (e.kind === 'link' ? e.link.state : e.kind))).toEqual(['up', 'down', 'up']);
    expect(proxy.verbs().slice(-5)).toEqual(['ENT-CRS', 'ACT-USER', 'RTRV-NETYPE', 'RTRV-CRS', 'RTRV-PORT']);
  });

  it('a switch slower than the command timeout: no false ack, and the late result is picked up by the periodic re-read', async () => {
    // Its own simulator whose mirrors take 1000x real time (about a second), against a 100 ms timeout.
    const config = SimConfigSchema.parse({ SIM_SWITCHES: 'ocs-slow=tl1:0', SIM_PROFILE: 'palomar', SIM_TIME_SCALE: '1000', SIM_PASSWORD: 'pw', SIM_STATE_DIR: dir });
    const slowSim = new SimSwitch(config.SIM_SWITCHES[0], config, 1);
    const slowServer = new Tl1Server(slowSim, { username: 'lightpath', password: 'pw' }, silent);
    const port = await slowServer.listen('127.0.0.1', 0);
    try {
      const { d, events } = driver({ switchId: 'ocs-slow', port }, { commandTimeoutMs: 100, resyncMs: 200 });
      await up(d);
      const [result] = await d.connect([{ north: 21, south: 22 }]);
      expect(result).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
      expect(result.reason).toMatch(/ENT-CRS was not answered within 100 ms; re-read after reconnecting: the switch does not hold N21-S22/);
      expect(events.some((e) => e.kind === 'link' && e.link.code === 'COMMAND_TIMEOUT')).toBe(true);
      await waitFor('the late cross-connect seen by a periodic re-read', () => d.crossConnects().some((c) => c.north === 21 && c.south === 22));
    } finally {
      await slowServer.close();
    }
  });

  it('an alarm from the switch arrives as a port event after a re-read, without the torn light path', async () => {
    const { d, events } = driver();
    await up(d);
    await d.connect([{ north: 40, south: 41 }]);
    sim.driver.failPort('north', 40, 'test');
    const event = await waitFor('port event', () => events.find((e) => e.kind === 'port-health'));
    expect(event).toMatchObject({ kind: 'port-health', port: { side: 'north', port: 40 }, health: 'failed', severity: 'critical' });
    expect(d.crossConnects()).toEqual([]);
    expect(d.snapshot().ports).toContainEqual({ side: 'north', port: 40, health: 'failed', powerDbm: null });
    sim.driver.restorePort('north', 40);
  });
});
