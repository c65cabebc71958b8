import { NetconfDriver } from '@lightpath/southbound';
import { waitFor } from '@lightpath/testing';
import { describe, expect, it, vi } from 'vitest';
import { NetconfServer } from '../../apps/switch-sim/src/netconf/netconf.server';
import { remoteDriverHarness, silent, SIM_CREDENTIALS } from '../support/remote-driver-harness';

/** The NETCONF driver against the NETCONF switch simulator over real SSH (no Kafka or Redis needed). */
describe('NETCONF driver against the NETCONF switch simulator over SSH', () => {
  const { simulator, driver, up } = remoteDriverHarness(
    'netconf',
    (sim, opts: { timeScale?: string; base11?: boolean }) => new NetconfServer(sim, SIM_CREDENTIALS, silent, opts.base11 ?? true),
    (target) => new NetconfDriver(target, silent),
  );

  it('SSH login, hello with base:1.1 (chunked framing), subscription and a state read before the link is up', async () => {
    const { sim, port } = await simulator();
    await sim.apply('connect', [{ north: 3, south: 4 }]);
    const { d } = driver(port);
    await up(d);
    expect(d.describe()).toMatchObject({ driver: 'netconf', northPorts: 136, profile: 'LIGHTPATH SWITCH-SIM-POLATIS', capabilities: expect.arrayContaining(['bulk-cross-connect']) });
    expect(d.crossConnects()).toMatchObject([{ north: 3, south: 4 }]);
    expect(d.snapshot().ports).toContainEqual(expect.objectContaining({ side: 'south', port: 4, health: 'ok' }));
  });

  it('a switch that speaks base:1.0 only is driven with end-of-message framing', async () => {
    const { sim, port } = await simulator({ base11: false });
    const { d } = driver(port);
    await up(d);
    expect(await d.connect([{ north: 1, south: 2 }])).toMatchObject([{ ok: true }]);
    expect(sim.driver.crossConnects()).toMatchObject([{ north: 1, south: 2 }]);
  });

  it('a 136-pair batch is one edit-config, and device errors map to RejectCode per pair', async () => {
    const { sim, port } = await simulator();
    const { d } = driver(port);
    await up(d);
    const applied = vi.spyOn(sim, 'apply');
    const pairs = Array.from({ length: 136 }, (_, i) => ({ north: i + 1, south: 136 - i }));
    const results = await d.connect(pairs);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(applied.mock.calls.filter(([kind, p]) => kind === 'connect' && p.length > 0)).toHaveLength(1);
    await d.disconnect(pairs.slice(1));
    const mixed = await d.connect([{ north: 2, south: 136 }, { north: 3, south: 3 }, { north: 999, south: 5 }]);
    expect(mixed.map((r) => [r.ok, r.code])).toEqual([[false, 'PORT_BUSY'], [true, undefined], [false, 'PORT_OUT_OF_RANGE']]);
    expect(mixed[0].reason).toMatch(/south port 136/i);
    expect((await d.disconnect([{ north: 50, south: 50 }]))[0]).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });

  it('wrong credentials: one AUTH_FAILED alarm and pairs refused as SWITCH_UNREACHABLE', async () => {
    const { port } = await simulator();
    const { d, events } = driver(port, { password: 'wrong' });
    await waitFor('auth failure', () => d.link().code === 'AUTH_FAILED');
    expect((await d.connect([{ north: 1, south: 1 }]))[0]).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(events.filter((e) => e.kind === 'link')).toHaveLength(1);
  });

  it('a pinned host key: the right one connects; another one is refused before the password is sent, with one HOST_KEY_MISMATCH alarm', async () => {
    const { server, port } = await simulator();
    const { d: pinned } = driver(port, { hostKey: server.hostKeyFingerprint });
    await up(pinned);
    const other = await simulator();
    const { d, events } = driver(other.port, { hostKey: server.hostKeyFingerprint });
    await waitFor('host key refused', () => d.link().code === 'HOST_KEY_MISMATCH');
    expect(d.link().reason).toContain(`presented host key ${other.server.hostKeyFingerprint}, not the pinned ${server.hostKeyFingerprint}: nothing was sent`);
    expect((await d.connect([{ north: 1, south: 1 }]))[0]).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(other.sim.driver.crossConnects()).toEqual([]);
    expect(events.filter((e) => e.kind === 'link')).toEqual([{ kind: 'link', link: expect.objectContaining({ state: 'down', code: 'HOST_KEY_MISMATCH' }) }]);
  });

  it('sessions dropped while the mirrors move: no false ack, and the late result is found by the periodic re-read', async () => {
    const { sim, server, port } = await simulator({ timeScale: '1000' });
    const { d } = driver(port, {}, { resyncMs: 300 });
    await up(d);
    const applied = vi.spyOn(sim, 'apply');
    const pending = d.connect([{ north: 21, south: 22 }]);
    // The edit-config has reached the switch and its mirrors are moving (about a second here): cut.
    await waitFor('the batch to reach the switch', () => applied.mock.calls.some(([kind, p]) => kind === 'connect' && p[0]?.north === 21));
    expect(server.dropSessions()).toBeGreaterThan(0);
    const [result] = await pending;
    expect(result).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(result.reason).toMatch(/re-read after reconnecting: the switch does not hold N21-S22/);
    await waitFor('the cross-connect seen once the mirrors settled', () => d.crossConnects().some((c) => c.north === 21 && c.south === 22));
  });

  it('an alarm notification arrives as a port event after a re-read, without the torn light path', async () => {
    const { sim, port } = await simulator();
    const { d, events } = driver(port);
    await up(d);
    await d.connect([{ north: 40, south: 41 }]);
    sim.driver.failPort('north', 40, 'test');
    const event = await waitFor('port event', () => events.find((e) => e.kind === 'port-health'));
    expect(event).toMatchObject({ kind: 'port-health', port: { side: 'north', port: 40 }, health: 'failed', severity: 'major' }); // Polatis power alarms are MAJOR (docs/ocs-facts.md)
    expect(d.crossConnects()).toEqual([]);
    expect(d.snapshot().ports).toContainEqual({ side: 'north', port: 40, health: 'failed', powerDbm: null });
  });
});
