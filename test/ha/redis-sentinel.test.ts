import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startPrivateKafka, startPrivateRedisSentinel, waitFor, type PrivateLayout, type PrivateServer } from '@lightpath/testing';
import { generateCubePod } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectFabricInvariants, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

const LAUNCHER = `launcher-${randomBytes(12).toString('hex')}`;
const API_TOKENS = `e2e-admin:admin:e2e:${ADMIN_TOKEN},launcher:launcher:team-a:${LAUNCHER}`;
// 8 cubes of one link per face on 3 OCS of 16 ports: eight 1x1x1 reservations fill it.
const pod = generateCubePod({ cubes: 8, linksPerFace: 1, portsPerOcs: 16, name: 'pod-sentinel' });
const SWITCHES = pod.switches.map((s) => s.id);

interface Rsv {
  id: string;
  job: string;
  status: string;
}

describe('Redis with Sentinel: the primary killed with -9 while reservations are made', () => {
  let redis: PrivateLayout;
  let kafka: PrivateServer;
  let fabric: Fabric;
  let api: string;
  const launcher = () => supertest.agent(api).set('authorization', `Bearer ${LAUNCHER}`);
  const jobs = async () => ((await launcher().get('/v1/reservations?limit=100').expect(200)).body.reservations as Rsv[]).map((r) => r.job);
  /**
   * Reserves as a well-behaved caller does: on 503 it retries the same request with the same
   * Idempotency-Key after Retry-After, so an attempt that reached Redis is never made twice.
   */
  const reserve = async (job: string, key = randomUUID()) => {
    const refusals: { status: number; code: string }[] = [];
    const created = await waitFor<Rsv>(
      `reservation ${job} to be accepted`,
      async () => {
        const res = await launcher().post('/v1/reservations').set('idempotency-key', key).send({ job, slice: { shape: '1x1x1' }, leaseSeconds: 600 });
        if (res.status === 201) return res.body as Rsv;
        expect(res.status, JSON.stringify(res.body)).toBe(503);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        refusals.push({ status: res.status, code: res.body.code });
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch((err: Error) => {
      const codes = [...new Set(refusals.map((r) => r.code))].join(', ');
      throw new Error(`${err.message}; ${refusals.length} answers 503 (${codes}); orchestrator log:\n${fabric.orchestrator.logs().split('\n').filter((l) => /"level":"(warn|error|fatal)"/.test(l)).slice(-15).join('\n')}`);
    });
    return { created, refusals, at: Date.now() };
  };

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startPrivateRedisSentinel('ha-sentinel'), startPrivateKafka('ha-sentinel')]);
    fabric = await createFabric('ha-sentinel', { API_TOKENS, COMMAND_TIMEOUT_MS: '20000' }, { kafkaBrokers: kafka.address, redis: redis.env });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-pod', SWITCHES, { AGENT_TIME_SCALE: '0' });
    await awaitSwitches(api, SWITCHES);
    await request(api).put('/v1/fabric').send(pod).expect(200);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    if (fabric) rmSync(fabric.stateDir, { recursive: true, force: true });
    await Promise.all([redis?.dispose(), kafka?.dispose()]);
  });

  it('Sentinel promotes a replica, the orchestrator reconnects and carries on: every reservation made once and active; the time until writes succeed again is measured', async () => {
    expect(fabric.orchestrator.logs()).toMatch(/redis primary \\"lightpath\\" via sentinels/);
    const before = [await reserve('before-1'), await reserve('before-2')];
    const victim = await redis.primary();
    const killedAt = Date.now();
    await victim.kill();
    // Reservations keep coming while Sentinel notices (down-after 1 s), elects and promotes.
    const during = [await reserve('during-1'), await reserve('during-2'), await reserve('during-3')];
    const writesBackMs = during[0].at - killedAt;
    const promoted = await redis.primary();
    expect(promoted.name).not.toBe(victim.name);
    console.info(`[ha] redis primary ${victim.name} killed: ${promoted.name} promoted; first write accepted again after ${writesBackMs} ms (${during[0].refusals.length} attempts answered 503 meanwhile: ${[...new Set(during[0].refusals.map((r) => r.code))].join(', ') || 'none'})`);

    for (const r of [...before, ...during]) {
      await waitFor(`reservation ${r.created.job} to be active`, async () => ((await launcher().get(`/v1/reservations/${r.created.id}`).expect(200)).body as Rsv).status === 'active', {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
    }
    // Nothing lost (the two made before the kill are still there) and nothing twice. Read once the
    // failover is over: Sentinel closes the clients of the node it promotes and reconfigures, so
    // the orchestrator may answer 503 again for a moment after the first write went through.
    await redis.settled();
    await waitFor('readiness back', async () => (await supertest(api).get('/health/ready')).status === 200, { timeoutMs: 30_000 });
    const listed = await jobs();
    expect(listed.sort()).toEqual(['before-1', 'before-2', 'during-1', 'during-2', 'during-3']);
    await expectFabricInvariants(api);

    // The old primary comes back from its AOF and the Sentinels make it follow the new one.
    await victim.start();
    await waitFor('the old primary to rejoin as a replica', async () => (await victim.role()) === 'slave', { timeoutMs: 30_000 });
    expect((await redis.settled()).name).toBe(promoted.name);
    await reserve('after-rejoin');
    expect((await jobs()).filter((j) => j === 'after-rejoin')).toHaveLength(1);
  });

  it('Sentinels without a quorum promote nobody: writes answer 503 meanwhile, and once the primary is back a retried request is applied once', async () => {
    const primary = await redis.primary();
    await redis.node('sentinel-2').kill();
    await redis.node('sentinel-3').kill();
    await primary.kill();
    const key = randomUUID();
    try {
      const refused = await launcher().post('/v1/reservations').set('idempotency-key', key).send({ job: 'no-quorum', slice: { shape: '1x1x1' }, leaseSeconds: 600 });
      expect(refused.status).toBe(503);
      expect(['STATE_UNAVAILABLE', 'NOT_LEADER']).toContain(refused.body.code);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // One Sentinel of three cannot reach its quorum of two: well past down-after, nobody was promoted.
      await new Promise((r) => setTimeout(r, 5_000));
      expect((await redis.primary()).name).toBe(primary.name);
      const ready = await supertest(api).get('/health/ready');
      expect(ready.status).toBe(503);
    } finally {
      await primary.start();
      await redis.node('sentinel-2').start();
    }
    // It comes back as the primary it was: its config file holds the role the Sentinels gave it.
    expect(await primary.role()).toBe('master');
    const { created } = await reserve('no-quorum', key);
    const again = await launcher().post('/v1/reservations').set('idempotency-key', key).send({ job: 'no-quorum', slice: { shape: '1x1x1' }, leaseSeconds: 600 }).expect(201);
    expect(again.body.id).toBe(created.id);
    expect((await jobs()).filter((j) => j === 'no-quorum')).toHaveLength(1);
    // The Sentinels that were down may still fail the primary over once they are back (they saw it
    // down without a quorum): the invariants are read once the layout is at rest.
    await redis.settled();
    await waitFor('readiness back', async () => (await supertest(api).get('/health/ready')).status === 200, { timeoutMs: 30_000 });
    await expectFabricInvariants(api);
  });
});
