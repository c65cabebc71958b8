import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { freePort, openEventStream, startApp, waitFor, type AppProcess, type EventStream } from '@lightpath/testing';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, portMap, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

type Frame = { kind: string; type: string; switchId: string; data: Record<string, unknown> };

/** What a protocol's own test file may use for checks of its own, inside the shared suite. */
export interface SouthboundContext {
  /** The orchestrator's URL (set once the suite's fabric is up). */
  api(): string;
}

/**
 * The whole southbound path over one protocol: REST -> orchestrator -> Kafka -> agent -> protocol
 * over a socket -> switch simulator (apps/switch-sim, its own process) -> mems-sim crossbar -> ack,
 * on the shared real Kafka and Redis. Beside the remote switch the same agent serves an in-process
 * simulated one, which must not notice anything the remote switch goes through.
 */
export function describeSouthbound(protocol: 'tl1' | 'netconf' | 'gnmi', title: string, protocolChecks: (ctx: SouthboundContext) => void): void {
  describe(title, () => {
    const password = `${protocol}-e2e-secret`;
    let fabric: Fabric;
    let api: string;
    let sim: AppProcess;
    let simEnv: Record<string, string>;
    let stream: EventStream<Frame>;
    const admin = () => supertest(sim.url);
    const held = async (north: number, south: number) =>
      ((await admin().get('/admin/switches/ocs-r').expect(200)).body.crossConnects as { north: number; south: number }[]).some((c) => c.north === north && c.south === south);
    const alarm = (code: string, after = 0) => stream.frames.slice(after).find((f) => f.event === 'alarm' && f.data?.data.code === code);

    beforeAll(async () => {
      fabric = await createFabric(`sb-${protocol}`, { RECONCILE_INTERVAL_MS: '500' });
      api = fabric.orchestrator.url;
      mkdirSync(fabric.stateDir, { recursive: true });
      const secret = `${fabric.stateDir}/switch.password`;
      writeFileSync(secret, `${password}\n`, { mode: 0o600 });
      const devicePort = await freePort();
      simEnv = { SIM_SWITCHES: `ocs-r=${protocol}:${devicePort}`, SIM_PASSWORD: password, SIM_STATE_DIR: `${fabric.stateDir}/sim`, SIM_HTTP_PORT: '0', SIM_PROFILE: 'palomar' };
      sim = await startApp('switch-sim', simEnv, 'switch sim ready');
      await fabric.startAgent(`agent-${protocol}`, ['ocs-r', 'ocs-m1'], {
        AGENT_DRIVERS: `ocs-r=${protocol}://127.0.0.1:${devicePort}`,
        AGENT_DRIVER_PASSWORD_FILE: secret,
        AGENT_DRIVER_BACKOFF_MAX_MS: '500',
        AGENT_DRIVER_RESYNC_MS: '1000',
      });
      await awaitSwitches(api, ['ocs-r', 'ocs-m1']);
      stream = await openEventStream<Frame>(`${api}/v1/events?kinds=alarm,port&switchId=ocs-r`, { authorization: `Bearer ${fabric.adminToken}` });
    });
    afterAll(async () => {
      stream?.close();
      await fabric?.stopAll();
      await sim?.stop();
      rmSync(fabric.stateDir, { recursive: true, force: true });
    });

    it(`a cross-connect requested over REST is made on the switch over ${protocol}, and the simulator holds it`, async () => {
      const created = await request(api).post('/v1/switches/ocs-r/cross-connects').send({ crossConnects: [{ north: 1, south: 5 }, { north: 2, south: 6 }] }).expect(202);
      expect((await awaitOperation(api, created.body.id)).status).toBe('succeeded');
      expect(await held(1, 5)).toBe(true);
      expect(await held(2, 6)).toBe(true);
      const map = await portMap(api, 'ocs-r');
      expect(map.active.map((c) => [c.north, c.south])).toEqual([[1, 5], [2, 6]]);
    });

    it(`an alarm raised in the simulator (a ${protocol} ${({ tl1: 'autonomous message', netconf: 'notification', gnmi: 'Subscribe update' } as const)[protocol]}) reaches /v1/events as an alarm and a port change`, async () => {
      await admin().post('/admin/switches/ocs-r/faults').send({ kind: 'fail-port', side: 'north', port: 40 }).expect(202);
      const seen = await waitFor('the alarm on the event stream', () => {
        const a = alarm('PORT_FAILED');
        const p = stream.frames.find((f) => f.event === 'port' && f.data?.data.port === 40);
        return a && p ? { a, p } : undefined;
      });
      expect(seen.a.data).toMatchObject({ type: 'critical', switchId: 'ocs-r', data: { port: { side: 'north', port: 40 } } });
      await admin().post('/admin/switches/ocs-r/faults').send({ kind: 'restore-port', side: 'north', port: 40 }).expect(202);
    });

    it('the simulator killed and restarted: an unreachable alarm, the other switch unaffected, then a reconnect that re-reads the held circuits', async () => {
      const mark = stream.frames.length;
      await sim.kill();
      await waitFor('the link-lost alarm', () => alarm('SWITCH_SESSION_LOST', mark) ?? alarm('SWITCH_CONNECT_REFUSED', mark));
      const other = await request(api).post('/v1/switches/ocs-m1/cross-connects').send({ north: 3, south: 4 }).expect(202);
      expect((await awaitOperation(api, other.body.id)).status).toBe('succeeded');

      sim = await startApp('switch-sim', simEnv, 'switch sim ready');
      await waitFor('the link-up alarm after the re-read', () => alarm('SWITCH_LINK_UP', mark), { timeoutMs: 20_000 });
      const map = await portMap(api, 'ocs-r');
      expect(map.active.map((c) => [c.north, c.south])).toEqual([[1, 5], [2, 6]]);
      const again = await waitFor('a command accepted once the switch is reachable again', async () => {
        const res = await request(api).post('/v1/switches/ocs-r/cross-connects').send({ north: 7, south: 8 });
        return res.status === 202 ? res : undefined;
      });
      expect((await awaitOperation(api, again.body.id)).status).toBe('succeeded');
      expect(await held(7, 8)).toBe(true);
    });

    it('a cross-connect made at the switch while the agent was cut off is found on re-read and removed by the reconciler', async () => {
      await admin().post('/admin/switches/ocs-r/cross-connects').send({ north: 9, south: 9 }).expect(201);
      await admin().post('/admin/switches/ocs-r/drop-sessions').expect(202);
      await waitFor('the reconciler to remove the rogue circuit over the protocol', async () => !(await held(9, 9)), { timeoutMs: 30_000 });
      expect(await held(1, 5)).toBe(true);
    });

    protocolChecks({ api: () => api });
  });
}
