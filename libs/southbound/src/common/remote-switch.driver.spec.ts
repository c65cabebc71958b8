import type { CrossConnectPair, DriverEvent, PairResult } from '@lightpath/mems-sim';
import { waitFor } from '@lightpath/testing';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { DriverLinkError, type BatchKind, type DeviceNotice, type DeviceSession, type DeviceState } from './device-session';
import type { DriverTarget } from './driver-target';
import { RemoteSwitchDriver } from './remote-switch.driver';

/** A scripted switch: pure logic under test is the driver's, so a fake session is fair here. */
class FakeSwitch {
  state: DeviceState = { powered: true, crossConnects: [], ports: [] };
  opens = 0;
  refuse: DriverLinkError | undefined;
  /** When set, the next apply changes the switch, then loses the session before answering. */
  dropMidBatch = false;
  current: FakeSession | undefined;
}

class FakeSession implements DeviceSession {
  readonly info = { vendor: 'V', model: 'M', firmware: '1', northPorts: 8, southPorts: 8, bulk: true };
  readonly ended: Promise<string>;
  listeners: ((n: DeviceNotice) => void)[] = [];
  end!: (reason: string) => void;
  constructor(private readonly sw: FakeSwitch) {
    this.ended = new Promise((r) => (this.end = r));
  }
  async readState(): Promise<DeviceState> {
    return structuredClone(this.sw.state);
  }
  async apply(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    for (const p of pairs) {
      if (kind === 'connect') this.sw.state.crossConnects.push({ ...p, lossDb: 1 });
      else this.sw.state.crossConnects = this.sw.state.crossConnects.filter((c) => c.north !== p.north);
    }
    if (this.sw.dropMidBatch) {
      this.sw.dropMidBatch = false;
      this.end('cut');
      throw new DriverLinkError('SESSION_LOST', 'connection reset mid-batch');
    }
    return pairs.map((p) => ({ ...p, ok: true, lossDb: 1 }));
  }
  onNotice(l: (n: DeviceNotice) => void): void {
    this.listeners.push(l);
  }
  async close(): Promise<void> {
    this.end('closed');
  }
}

const target: DriverTarget = {
  switchId: 'ocs-r',
  kind: 'tl1',
  host: 'x',
  port: 1,
  username: 'u',
  password: 'p',
  northPorts: 4,
  southPorts: 4,
  timing: { connectTimeoutMs: 100, commandTimeoutMs: 100, backoffMinMs: 5, backoffMaxMs: 20, outcomeWaitMs: 500, resyncMs: 0 },
};

class FakeDriver extends RemoteSwitchDriver {
  constructor(private readonly sw: FakeSwitch, timing: Partial<DriverTarget['timing']> = {}) {
    super({ ...target, timing: { ...target.timing, ...timing } });
  }
  protected async open(): Promise<DeviceSession> {
    this.sw.opens += 1;
    if (this.sw.refuse) throw this.sw.refuse;
    this.sw.current = new FakeSession(this.sw);
    return this.sw.current;
  }
}

function started(sw: FakeSwitch, timing?: Partial<DriverTarget['timing']>) {
  const driver = new FakeDriver(sw, timing);
  const events: DriverEvent[] = [];
  driver.onEvent((e) => events.push(e));
  driver.start();
  return { driver, events };
}

describe('RemoteSwitchDriver', () => {
  it('the switch is the source of truth: the link is up only after its state was read, and describe() shows discovery', async () => {
    const sw = new FakeSwitch();
    sw.state.crossConnects = [{ north: 2, south: 3, lossDb: 1.5 }];
    const { driver, events } = started(sw);
    expect(driver.describe()).toMatchObject({ northPorts: 4, driver: 'tl1' });
    await waitFor('link up', () => driver.link().state === 'up');
    expect(driver.crossConnects()).toMatchObject([{ north: 2, south: 3, lossDb: 1.5 }]);
    expect(driver.describe()).toMatchObject({ northPorts: 8, southPorts: 8, profile: 'V M', capabilities: expect.arrayContaining(['bulk-cross-connect', 'firmware:1']) });
    expect(events).toEqual([{ kind: 'link', link: expect.objectContaining({ state: 'up' }) }]);
    await driver.close();
  });

  it('refuses pairs with SWITCH_UNREACHABLE while the link is down, raising one alarm however often it retries', async () => {
    const sw = new FakeSwitch();
    sw.refuse = new DriverLinkError('AUTH_FAILED', 'login refused');
    const { driver, events } = started(sw);
    await waitFor('several attempts', () => sw.opens >= 3);
    expect(events).toEqual([{ kind: 'link', link: expect.objectContaining({ state: 'down', code: 'AUTH_FAILED' }) }]);
    const [r] = await driver.connect([{ north: 1, south: 1 }]);
    expect(r).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(r.reason).toMatch(/not reachable over tl1 \(login refused; retrying with backoff\); nothing was sent/);
    sw.refuse = undefined;
    await waitFor('link up after the credentials are fixed', () => driver.link().state === 'up');
    await driver.close();
  });

  it('never a false ack: a session lost mid-batch is settled by re-reading the switch after the reconnect', async () => {
    const sw = new FakeSwitch();
    const { driver } = started(sw);
    await waitFor('link up', () => driver.link().state === 'up');
    sw.dropMidBatch = true;
    const results = await driver.connect([{ north: 1, south: 1 }]);
    // The switch did make it before the session was cut: reported as made, after a re-read.
    expect(results).toEqual([{ north: 1, south: 1, ok: true, lossDb: 1 }]);
    expect(sw.opens).toBe(2);
    sw.dropMidBatch = true;
    sw.refuse = new DriverLinkError('CONNECT_REFUSED', 'refused');
    const unknown = await driver.disconnect([{ north: 1, south: 1 }]);
    expect(unknown[0]).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    expect(unknown[0].reason).toMatch(/not back within 500 ms, so whether this pair changed is unknown/);
    await driver.close();
  });

  it('an alarm re-reads the switch before it is told, so the torn light path is gone from the snapshot', async () => {
    const sw = new FakeSwitch();
    sw.state.crossConnects = [{ north: 4, south: 4, lossDb: 1 }];
    const { driver, events } = started(sw);
    await waitFor('link up', () => driver.link().state === 'up');
    sw.state = { powered: true, crossConnects: [], ports: [{ side: 'north', port: 4, health: 'failed', powerDbm: null }] };
    sw.current!.listeners.forEach((l) => l({ kind: 'port', port: { side: 'north', port: 4 }, health: 'failed', severity: 'critical', reason: 'N4 failed' }));
    await waitFor('the port event', () => events.some((e) => e.kind === 'port-health'));
    expect(events.filter((e) => e.kind === 'port-health')).toEqual([{ kind: 'port-health', port: { side: 'north', port: 4 }, health: 'failed', severity: 'critical', reason: 'N4 failed' }]);
    expect(driver.snapshot()).toMatchObject({ crossConnects: [], ports: [{ side: 'north', port: 4, health: 'failed' }] });
    await driver.close();
  });

  it('changes missed while disconnected are raised on the re-read after reconnecting', async () => {
    const sw = new FakeSwitch();
    const { driver, events } = started(sw);
    await waitFor('link up', () => driver.link().state === 'up');
    sw.state = { powered: false, crossConnects: [], ports: [{ side: 'south', port: 2, health: 'degraded', powerDbm: -9 }] };
    sw.current!.end('cut');
    await waitFor('reconnected', () => sw.opens === 2 && driver.link().state === 'up');
    expect(events.map((e) => (e.kind === 'link' ? `link-${e.link.state}` : e.kind))).toEqual(['link-up', 'link-down', 'power-lost', 'port-health', 'link-up']);
    await driver.close();
  });

  it('backoff doubles from its minimum, is capped, and jitters within half of it', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(3, 100, 1_000, () => 0)).toBe(400);
  });
});
