import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AckEventSchema, topicNames } from '@lightpath/contracts';
import { createKafka, silentLogger } from '@lightpath/messaging';
import { createRedis, fabricKeys } from '@lightpath/state';
import { startPrivateRedis, waitFor, type AppProcess, type PrivateServer } from '@lightpath/testing';
import { generateCubePod } from '@lightpath/topology';
import type { Consumer } from 'kafkajs';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, expectFabricInvariants, portMap, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';
import { uniqueName } from '../support/unique';

const LAUNCHER = `launcher-${randomBytes(12).toString('hex')}`;
const API_TOKENS = [`e2e-admin:admin:e2e:${ADMIN_TOKEN}`, `launcher:launcher:team-a:${LAUNCHER}`].join(',');

// 8 cubes, one link per face: 3 OCS (ocs-x-0, ocs-y-0, ocs-z-0).
const pod = generateCubePod({ cubes: 8, linksPerFace: 1, portsPerOcs: 16, name: 'pod-redis' });
const SWITCHES = pod.switches.map((s) => s.id);
const OCS = SWITCHES[0];

/**
 * Redis outages against a private redis-server this file stops, restarts and wipes (the shared one
 * never goes down), with the shared Kafka under this file's own topic prefix.
 */
describe('Redis outages: fail fast and loud, lose nothing, never go backwards', () => {
  let redis: PrivateServer;
  let fabric: Fabric;
  let orch: AppProcess;
  let tap: Consumer;
  const acks: { commandId: string; switchId: string; parts: { operationId: string; step: string }[]; seenAt: number }[] = [];
  const ready = async () => (await supertest(orch.url).get('/health/ready')).status;

  beforeAll(async () => {
    redis = await startPrivateRedis('redis-outage');
    // A long lease: a blip of a few seconds must not depose the leader in item 11 (a leader change
    // mid-setup is failover's business, covered there).
    fabric = await createFabric('redis-outage', { API_TOKENS, REDIS_URL: redis.address, LEADER_LEASE_MS: '10000', COMMAND_TIMEOUT_MS: '40000' });
    orch = fabric.orchestrator;
    // Mirrors that take seconds to move (Palomar timing x 3000: 1.5 to 15 s) keep a setup in flight
    // while Redis goes away.
    await fabric.startAgent('agent-redis', SWITCHES, { AGENT_TIME_SCALE: '3000' });
    await awaitSwitches(orch.url, SWITCHES);
    await request(orch.url).put('/v1/fabric').send(pod).expect(200);
    const kafka = createKafka({ brokers: [fabric.env.KAFKA_BROKERS], clientId: uniqueName('redis-tap'), logger: silentLogger });
    tap = kafka.consumer({ groupId: uniqueName('redis-tap'), maxWaitTimeInMs: 100 });
    await tap.connect();
    await tap.subscribe({ topic: topicNames(fabric.prefix).events, fromBeginning: false });
    await tap.run({
      eachMessage: async ({ message }) => {
        const ack = AckEventSchema.safeParse(JSON.parse(String(message.value)));
        if (ack.success) acks.push({ ...ack.data, seenAt: Date.now() });
      },
    });
  });
  afterAll(async () => {
    await tap?.disconnect();
    await fabric?.stopAll();
    await redis?.dispose();
    if (fabric) rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('item 4: Redis down answers 503 STATE_UNAVAILABLE with Retry-After on reads and writes, and readiness goes false', async () => {
    expect(await ready()).toBe(200);
    await redis.stop();
    try {
      const read = await request(orch.url).get(`/v1/switches/${OCS}`);
      expect(read.status).toBe(503);
      expect(read.body).toMatchObject({ statusCode: 503, code: 'STATE_UNAVAILABLE' });
      expect(read.body.message).toMatch(/Redis.*unavailable.*retry/);
      expect(Number(read.headers['retry-after'])).toBeGreaterThan(0);

      const write = await request(orch.url).post(`/v1/switches/${OCS}/cross-connects`).send({ north: 16, south: 16 });
      expect(write.status).toBe(503);
      expect(write.body.code).toBe('STATE_UNAVAILABLE');
      expect(Number(write.headers['retry-after'])).toBeGreaterThan(0);

      const notReady = await waitFor('readiness to go 503 with redis false', async () => {
        const res = await supertest(orch.url).get('/health/ready');
        return res.status === 503 ? res : undefined;
      });
      // The probe's answer names the failed check (it was a bare "Service Unavailable Exception").
      expect(notReady.body).toMatchObject({ code: 'NOT_READY', status: 'not-ready', checks: { redis: false } });
      expect(notReady.body.message).toMatch(/Redis does not answer/);

      // Once the lease has run out unrenewed, this replica no longer leads; a mutation must still be
      // told the outage (it answered NOT_LEADER naming this very replica, which clients follow).
      await waitFor('the lease to run out', async () => !((await request(orch.url).get('/v1/leader').expect(200)).body as { isLeader: boolean }).isLeader, { timeoutMs: 30_000 });
      expect((await request(orch.url).get('/v1/leader').expect(200)).body).toMatchObject({ isLeader: false, leaderId: null, leaderUrl: null });
      const lapsed = await request(orch.url).post(`/v1/switches/${OCS}/cross-connects`).send({ north: 16, south: 16 });
      expect(lapsed.status).toBe(503);
      expect(lapsed.body.code).toBe('STATE_UNAVAILABLE');
      expect(Number(lapsed.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await redis.start();
    }
    await waitFor('readiness to come back', async () => (await ready()) === 200);
    await waitFor('the lease to be taken again', async () => ((await request(orch.url).get('/v1/leader').expect(200)).body as { isLeader: boolean }).isLeader, { timeoutMs: 60_000 });
    // Nothing half-written: the refused write left no desired pair and holds no port.
    const after = await portMap(orch.url, OCS);
    expect(after.desired.filter((p) => p.north === 16)).toEqual([]);
    expect(after.pending).toEqual([]);
    // And the same write now goes through.
    const again = await request(orch.url).post(`/v1/switches/${OCS}/cross-connects`).send({ north: 16, south: 16 }).expect(202);
    expect((await awaitOperation(orch.url, again.body.id, 60_000)).status).toBe('succeeded');
    const gone = await request(orch.url).delete(`/v1/switches/${OCS}/cross-connects/16`).expect(202);
    expect((await awaitOperation(orch.url, gone.body.id, 60_000)).status).toBe('succeeded');
    await expectFabricInvariants(orch.url);
  });

  it('item 11: a reservation created during a Redis blip is retried and becomes active', async () => {
    const launcher = () => supertest.agent(orch.url).set('authorization', `Bearer ${LAUNCHER}`);
    const created = await launcher().post('/v1/reservations').set('idempotency-key', randomUUID()).send({ job: 'blip', slice: { shape: '1x1x2' }, leaseSeconds: 600 }).expect(201);
    expect(created.body.status).toBe('placing');
    const setup = created.body.setupOperationId as string;
    expect(setup).toMatch(/^sop-/);
    const firstStage = ((await request(orch.url).get(`/v1/operations/${setup}`).expect(200)).body as { stages: { changes: unknown[] }[] }).stages[0].changes.length;
    // Redis goes away while the switches move; their acks arrive while it is down.
    await redis.stop();
    const stoppedAt = Date.now();
    try {
      // Answers carrying the setup's first stage (its part of each switch's command).
      const stageAcks = () => acks.filter((a) => a.parts.some((p) => p.operationId === setup && p.step.startsWith('s0.')));
      await waitFor('the first stage acks to arrive while Redis is down', () => stageAcks().length >= firstStage, { timeoutMs: 60_000 });
      // Otherwise this test would not be testing a blip during the setup.
      expect(stageAcks().every((a) => a.seenAt > stoppedAt)).toBe(true);
    } finally {
      await redis.start();
    }
    const rsv = await waitFor(
      'the reservation to finish its setup',
      async () => {
        const res = await launcher().get(`/v1/reservations/${created.body.id}`).expect(200);
        return res.body.status === 'placing' ? undefined : (res.body as { status: string; reason?: string; crossConnects: { switchId: string; north: number; south: number }[] });
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect(rsv.reason).toBeUndefined();
    expect(rsv.status).toBe('active');
    const op = (await request(orch.url).get(`/v1/operations/${setup}`).expect(200)).body as { status: string };
    expect(op.status).toBe('succeeded');
    for (const c of rsv.crossConnects) {
      await waitFor(`circuit ${c.switchId} ${c.north}>${c.south} to be active`, async () => (await portMap(orch.url, c.switchId)).active.some((a) => a.north === c.north && a.south === c.south), { timeoutMs: 60_000 });
    }
    await expectFabricInvariants(orch.url);
  });

  it("item 8: after Redis is wiped, agents' higher epoch is honoured and commands apply", async () => {
    const leader = async () => (await request(orch.url).get('/v1/leader').expect(200)).body as { epoch: number; isLeader: boolean };
    // Take the fabric to a high epoch, and have the switch accept a command of it.
    await orch.stop();
    const direct = createRedis(redis.address, 'redis-outage-test');
    await direct.set(fabricKeys(fabric.fabric).epoch, '6');
    await direct.quit();
    orch = await fabric.startOrchestrator();
    await awaitSwitches(orch.url, SWITCHES);
    const high = (await waitFor('a leader', async () => ((await leader()).isLeader ? leader() : undefined))).epoch;
    expect(high).toBeGreaterThanOrEqual(7);
    const lit = await request(orch.url).post(`/v1/switches/${OCS}/cross-connects`).send({ north: 15, south: 15 }).expect(202);
    expect((await awaitOperation(orch.url, lit.body.id, 60_000)).status).toBe('succeeded');

    // The reset: Redis loses everything (the epoch counter too); the agents keep their state.
    await orch.stop();
    await redis.wipe();
    await redis.start();
    orch = await fabric.startOrchestrator();
    await awaitSwitches(orch.url, SWITCHES);

    // The agents' heartbeats carry the epoch they accepted: the leader's term goes above it.
    const raised = await waitFor('the epoch to rise above what the switches accepted', async () => {
      const view = await leader();
      return view.isLeader && view.epoch > high ? view : undefined;
    });
    expect(raised.epoch).toBeGreaterThan(high);
    // Nobody desires the old circuits any more: the reconciler takes them out (its commands are accepted).
    for (const id of SWITCHES) {
      await waitFor(`${id} to hold no circuit nobody desires`, async () => (await portMap(orch.url, id)).active.length === 0, { timeoutMs: 90_000, intervalMs: 250 });
    }
    // And a new command applies (no STALE_EPOCH).
    const fresh = await request(orch.url).post(`/v1/switches/${OCS}/cross-connects`).send({ north: 14, south: 14 }).expect(202);
    const done = await awaitOperation(orch.url, fresh.body.id, 60_000);
    expect(done.reason ?? '').not.toMatch(/STALE_EPOCH/);
    expect(done.status).toBe('succeeded');
    expect(done.epoch).toBe(raised.epoch);
    await expectFabricInvariants(orch.url);
  });
});
