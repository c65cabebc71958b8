import { rmSync } from 'node:fs';
import { AckEventSchema, topicNames, type AckEvent, type ApplyCommand } from '@lightpath/contracts';
import { createKafka, JsonProducer, silentLogger } from '@lightpath/messaging';
import { waitFor, type AppProcess } from '@lightpath/testing';
import type { Consumer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, expectConverged, portMap, request, expectFabricInvariants } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';
import { uniqueName } from '../support/unique';

interface LeaderView {
  selfId: string;
  isLeader: boolean;
  epoch: number;
  leaderId: string | null;
}

let token = '';
const leaderOf = async (url: string) =>
  (await request(url).get('/v1/leader').set('authorization', `Bearer ${token}`).expect(200)).body as LeaderView;

describe('failover: two orchestrator replicas, the leader killed mid-operation', () => {
  let fabric: Fabric;
  let a: AppProcess;
  let b: AppProcess;
  /** The replica the invariants are read from after each test: one that is still running. */
  let reader: () => AppProcess = () => b;
  let producer: JsonProducer;
  let tap: Consumer;
  const events: unknown[] = [];

  beforeAll(async () => {
    // Slow mirrors (Palomar timing x 5000, seconds per move) keep an operation in flight long
    // enough to kill its leader while the switch is still moving.
    fabric = await createFabric('ha', { ORCH_ID: 'orch-a', LEADER_LEASE_MS: '1500', COMMAND_TIMEOUT_MS: '30000' });
    a = fabric.orchestrator;
    token = fabric.adminToken;
    b = await fabric.startReplica('orch-b');
    await fabric.startAgent('agent-ha', ['ocs-1'], { AGENT_TIME_SCALE: '5000' });
    await awaitSwitches(a.url, ['ocs-1']);
    const kafka = createKafka({ brokers: [fabric.env.KAFKA_BROKERS], clientId: uniqueName('ha'), logger: silentLogger });
    producer = new JsonProducer(kafka);
    await producer.connect();
    tap = kafka.consumer({ groupId: uniqueName('tap'), maxWaitTimeInMs: 100 });
    await tap.connect();
    await tap.subscribe({ topic: topicNames(fabric.prefix).events, fromBeginning: true });
    await tap.run({ eachMessage: async ({ message }) => void events.push(JSON.parse(String(message.value))) });
  });
  afterEach(async () => {
    await expectFabricInvariants(reader().url);
  });
  afterAll(async () => {
    await tap?.disconnect();
    await producer?.disconnect();
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('one replica leads; the follower answers reads and refuses mutations with 503 NOT_LEADER', async () => {
    expect(await leaderOf(a.url)).toMatchObject({ selfId: 'orch-a', isLeader: true, leaderId: 'orch-a' });
    expect(await leaderOf(b.url)).toMatchObject({ selfId: 'orch-b', isLeader: false, leaderId: 'orch-a' });
    await awaitSwitches(b.url, ['ocs-1']);
    const res = await request(b.url).post('/v1/switches/ocs-1/cross-connects').set('authorization', `Bearer ${token}`).send({ north: 1, south: 2 }).expect(503);
    expect(res.body.code).toBe('NOT_LEADER');
    expect(res.body.message).toMatch(/the leader is orch-a at http/);
  });

  it('I5 the follower completes the operation under its own epoch and no old-epoch command is applied after it', async () => {
    const before = await leaderOf(a.url);
    const created = await request(a.url).post('/v1/switches/ocs-1/cross-connects').set('authorization', `Bearer ${token}`).send({ north: 10, south: 20 }).expect(202);
    expect(created.body.epoch).toBe(before.epoch);
    await a.kill();

    const takeover = await waitFor('orch-b to take over', async () => {
      const view = await leaderOf(b.url);
      return view.isLeader ? view : undefined;
    });
    expect(takeover.epoch).toBeGreaterThan(before.epoch);

    const op = await awaitOperation(b.url, created.body.id, 30_000);
    expect(op.status).toBe('succeeded');
    expect(op.epoch).toBe(takeover.epoch);
    // Adopted: its part was re-sent under the new term (a new command), which the switch answered.
    expect(op.commandId).not.toBe(created.body.commandId);

    // A zombie of the old leader sends one more command: the agent has seen the new epoch.
    const zombie = uniqueName('zombie');
    const command: ApplyCommand = {
      type: 'apply',
      commandId: zombie,
      switchId: 'ocs-1',
      epoch: before.epoch,
      issuedAt: Date.now(),
      deadline: Date.now() + 30_000,
      parts: [{ operationId: zombie, step: 's0', deadline: Date.now() + 30_000, connect: [{ north: 30, south: 31 }], disconnect: [] }],
    };
    await producer.send({ topic: topicNames(fabric.prefix).commands('ocs-1'), key: 'ocs-1', value: command });
    const acks = () => events.filter((e) => AckEventSchema.safeParse(e).success) as AckEvent[];
    const zombieAck = await waitFor('the zombie command ack', () => acks().find((x) => x.commandId === zombie));
    expect(zombieAck.status).toBe('rejected');
    expect(zombieAck.reason).toMatch(/^STALE_EPOCH/);

    // Every command applied after the first one of the new term carries the new epoch.
    const all = acks();
    const firstNew = all.findIndex((x) => x.epoch === takeover.epoch);
    const appliedAfter = all.slice(firstNew).filter((x) => x.status === 'applied' || x.status === 'partial');
    expect(appliedAfter.every((x) => x.epoch >= takeover.epoch)).toBe(true);

    const map = await portMap(b.url, 'ocs-1');
    expect(map.active.map((c) => c.north)).toEqual([10]);
    expectConverged(map);
  });

  it('I5 a clean shutdown (SIGTERM) hands the lease over at once: the follower is woken by the published release and leads under a higher epoch', async () => {
    // orch-a again, now a follower of orch-b (the leader since the previous test).
    const c = await fabric.startReplica('orch-a');
    const before = await leaderOf(b.url);
    expect(before).toMatchObject({ isLeader: true, leaderId: 'orch-b' });
    expect(await leaderOf(c.url)).toMatchObject({ isLeader: false, leaderId: 'orch-b' });

    await b.stop();
    reader = () => c;
    const takeover = await waitFor('orch-a to take over', async () => {
      const view = await leaderOf(c.url);
      return view.isLeader ? view : undefined;
    });
    expect(takeover.epoch).toBeGreaterThan(before.epoch);
    // Woken by the release orch-b published, not by its lease running out (no timer involved).
    const acquired = c
      .logs()
      .split('\n')
      .filter((l) => l.includes('"leadership acquired"'))
      .map((l) => JSON.parse(l) as { trigger?: string; epoch?: number });
    expect(acquired.at(-1)).toMatchObject({ trigger: 'release', epoch: takeover.epoch });
    expect(b.logs()).toMatch(/"leadership lost"/);
  });
});
