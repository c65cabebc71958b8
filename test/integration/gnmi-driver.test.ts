import { GnmiDriver } from '@lightpath/southbound';
import { waitFor } from '@lightpath/testing';
import { describe, expect, it, vi } from 'vitest';
import { GnmiServer } from '../../apps/switch-sim/src/gnmi/gnmi.server';
import { remoteDriverHarness, silent, SIM_CREDENTIALS } from '../support/remote-driver-harness';

/** The gNMI driver against the gNMI switch simulator over real gRPC on a TCP socket (no Kafka or Redis needed). */
describe('gNMI driver against the gNMI switch simulator over gRPC', () => {
  const { simulator, driver, up } = remoteDriverHarness(
    'gnmi',
    (sim, _opts: { timeScale?: string }) => new GnmiServer(sim, SIM_CREDENTIALS, silent),
    (target) => new GnmiDriver(target, silent),
  );

  it('Capabilities, an alarm subscription and a Get of the state before the link is up; discovery from the platform model', async () => {
    const { sim, port } = await simulator();
    await sim.apply('connect', [{ north: 3, south: 4 }]);
    const { d } = driver(port);
    await up(d);
    expect(d.describe()).toMatchObject({ driver: 'gnmi', northPorts: 136, profile: 'LIGHTPATH SWITCH-SIM-OCS', capabilities: expect.arrayContaining(['bulk-cross-connect', 'firmware:1.0']) });
    expect(d.crossConnects()).toMatchObject([{ north: 3, south: 4 }]);
    expect(d.crossConnects()[0].lossDb).toBeGreaterThan(0);
    expect(d.snapshot().ports).toContainEqual(expect.objectContaining({ side: 'south', port: 4, health: 'ok' }));
  });

  it('a 136-pair batch is one SetRequest, applied by the switch in one go', async () => {
    const { sim, port } = await simulator();
    const { d } = driver(port);
    await up(d);
    const applied = vi.spyOn(sim, 'apply');
    const pairs = Array.from({ length: 136 }, (_, i) => ({ north: i + 1, south: 136 - i }));
    const results = await d.connect(pairs);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(applied.mock.calls.filter(([kind, p]) => kind === 'connect' && p.length > 0)).toEqual([['connect', pairs]]);
    expect(sim.driver.crossConnects()).toHaveLength(136);
  });

  it('a refused Set changes nothing (one transaction); the pairs it names fail with their RejectCode and the rest is sent again', async () => {
    const { sim, port } = await simulator();
    const { d } = driver(port);
    await up(d);
    await d.connect([{ north: 9, south: 136 }]);
    const applied = vi.spyOn(sim, 'apply');
    const mixed = await d.connect([{ north: 2, south: 136 }, { north: 3, south: 3 }, { north: 999, south: 5 }]);
    expect(mixed.map((r) => [r.ok, r.code])).toEqual([[false, 'PORT_BUSY'], [true, undefined], [false, 'PORT_OUT_OF_RANGE']]);
    expect(mixed[0].reason).toMatch(/south port 136/i);
    // First Set: N3-S3 made, then rolled back as its batch-mates were refused; second Set: N3-S3 alone.
    expect(applied.mock.calls.filter(([kind, p]) => kind === 'connect' && p.length > 0).map(([, p]) => p.length)).toEqual([3, 1]);
    expect(sim.driver.crossConnects().map((c) => [c.north, c.south])).toEqual([[3, 3], [9, 136]]);
    // A delete of what the switch does not hold is accepted (gNMI specification 3.4.6), and touches nothing else.
    expect((await d.disconnect([{ north: 9, south: 50 }]))[0]).toMatchObject({ ok: true });
    expect(sim.driver.crossConnects().map((c) => c.north)).toEqual([3, 9]);
  });

  it('wrong credentials: one AUTH_FAILED alarm and pairs refused as SWITCH_UNREACHABLE', async () => {
    const { port } = await simulator();
    const { d, events } = driver(port, { password: 'wrong' });
    await waitFor('auth failure', () => d.link().code === 'AUTH_FAILED');
    expect((await d.connect([{ north: 1, south: 1 }]))[0]).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(events.filter((e) => e.kind === 'link')).toHaveLength(1);
  });

  it('connections cut while the mirrors move: no false ack, and the late result is found by the periodic re-read', async () => {
    const { sim, server, port } = await simulator({ timeScale: '1000' });
    const { d } = driver(port, {}, { resyncMs: 300 });
    await up(d);
    const applied = vi.spyOn(sim, 'apply');
    const pending = d.connect([{ north: 21, south: 22 }]);
    await waitFor('the Set to reach the switch', () => applied.mock.calls.some(([kind, p]) => kind === 'connect' && p[0]?.north === 21));
    expect(server.dropSessions()).toBeGreaterThan(0);
    const [result] = await pending;
    expect(result).toMatchObject({ ok: false, code: 'SWITCH_UNREACHABLE' });
    expect(result.reason).toMatch(/re-read after reconnecting: the switch does not hold N21-S22/);
    await waitFor('the cross-connect seen once the mirrors settled', () => d.crossConnects().some((c) => c.north === 21 && c.south === 22));
  });

  it('an alarm streamed over Subscribe arrives as a port event after a re-read, and its clearing as the port healthy again', async () => {
    const { sim, port } = await simulator();
    const { d, events } = driver(port);
    await up(d);
    await d.connect([{ north: 40, south: 41 }]);
    sim.driver.failPort('north', 40, 'test');
    const event = await waitFor('port event', () => events.find((e) => e.kind === 'port-health'));
    expect(event).toMatchObject({ kind: 'port-health', port: { side: 'north', port: 40 }, health: 'failed', severity: 'major' }); // the crossbar's own severity, carried in the alarm's openconfig-alarm-types identity
    expect(d.crossConnects()).toEqual([]);
    expect(d.snapshot().ports).toContainEqual({ side: 'north', port: 40, health: 'failed', powerDbm: null });
    sim.driver.restorePort('north', 40);
    await waitFor('the port healthy again', () => events.some((e) => e.kind === 'port-health' && e.health === 'ok'));
  });
});
