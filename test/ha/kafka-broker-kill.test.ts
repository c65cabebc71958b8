import { rmSync } from 'node:fs';
import { topicNames, type StagedOperation } from '@lightpath/contracts';
import { createKafka, silentLogger } from '@lightpath/messaging';
import { startPrivateKafkaCluster, startPrivateRedis, waitFor, type PrivateLayout, type PrivateServer } from '@lightpath/testing';
import { generateBlockFabric } from '@lightpath/topology';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitStaged, awaitSwitches, expectConverged, expectFabricInvariants, portMap, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';
import { readTopics } from '../support/kafka-log';
import { uniqueName } from '../support/unique';

const SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];

describe('three Kafka brokers: one killed with -9 during a staged topology operation', () => {
  let brokers: PrivateLayout;
  let redis: PrivateServer;
  let fabric: Fabric;
  let kafka: Kafka;
  let api: string;

  beforeAll(async () => {
    [brokers, redis] = await Promise.all([startPrivateKafkaCluster('ha-broker-kill'), startPrivateRedis('ha-broker-kill')]);
    // A send may take a partition leader's move to another broker (about 3 s, deploy/infra-ha.sh):
    // the send budget covers it, the command deadline covers the send.
    fabric = await createFabric('ha-broker', { COMMAND_TIMEOUT_MS: '40000', COMMAND_SEND_TIMEOUT_MS: '15000' }, { kafka: brokers.env, redisUrl: redis.address });
    api = fabric.orchestrator.url;
    // Mirrors at Palomar timing x 300: each stage takes a while, long enough to kill a broker in the middle.
    await fabric.startAgent('agent-a', ['ocs-0', 'ocs-1'], { AGENT_TIME_SCALE: '300', KAFKA_SEND_TIMEOUT_MS: '15000' });
    await fabric.startAgent('agent-b', ['ocs-2', 'ocs-3'], { AGENT_TIME_SCALE: '300', KAFKA_SEND_TIMEOUT_MS: '15000' });
    await awaitSwitches(api, SWITCHES);
    kafka = createKafka({ brokers: brokers.env.KAFKA_BROKERS.split(','), clientId: uniqueName('ha-tap'), logger: silentLogger });
    await request(api).put('/v1/fabric').send(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })).expect(200);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    if (fabric) rmSync(fabric.stateDir, { recursive: true, force: true });
    await Promise.all([brokers?.dispose(), redis?.dispose()]);
  });

  it("lightpath's topics have three replicas and need two in sync (min.insync.replicas=2)", async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = [topicNames(fabric.prefix).events, topicNames(fabric.prefix).commands('ocs-0')];
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      for (const t of meta) for (const p of t.partitions) expect(p.replicas, t.name).toHaveLength(3);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })),
      });
      for (const r of configs.resources) expect(r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue, r.resourceName).toBe('2');
    } finally {
      await admin.disconnect();
    }
  });

  it('the drain succeeds although the broker leading its commands died mid-way: no command lost, none applied twice', async () => {
    const made = await request(api).post('/v1/switches/ocs-0/cross-connects').send({ crossConnects: [{ north: 1, south: 2 }, { north: 3, south: 4 }] }).expect(202);
    expect((await awaitOperation(api, made.body.id, 60_000)).status).toBe('succeeded');

    // The broker leading ocs-1's command partition (a switch the drain moves circuits to) is the one to kill.
    const admin = kafka.admin();
    await admin.connect();
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: [topicNames(fabric.prefix).commands('ocs-1')] });
    await admin.disconnect();
    const victim = brokers.node(`kafka-${meta[0].partitions[0].leader}`);

    const res = await request(api).post('/v1/switches/ocs-0/drain').expect(202);
    const opId = res.body.operation.id as string;
    await waitFor('the drain to be running', async () => ((await request(api).get(`/v1/operations/${opId}`).expect(200)).body as StagedOperation).status === 'running', {
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    await victim.kill();

    const op = await awaitStaged(api, opId, 150_000);
    // The log first: when the drain fails, what reached each command topic and which acks came back
    // is what tells a lost command from one never read.
    const topics = topicNames(fabric.prefix);
    const log = await readTopics(kafka, [...SWITCHES.map((s) => topics.commands(s)), topics.events]);
    // A stage's command id is shared by its switches: a command is (switch, id).
    const id = (m: { value: Record<string, unknown> }) => `${String(m.value.switchId)}/${String(m.value.commandId)}`;
    const commands = log.filter((m) => m.topic !== topics.events && m.value.type === 'apply').map(id);
    const ackEvents = log.filter((m) => m.topic === topics.events && m.value.type === 'ack');
    const acks = ackEvents.map(id);
    // A command read again after the consumer restarts (its offset was not yet committed when the
    // broker died) is answered from the agent's journal with status "duplicate" and not applied (I5).
    const applyingAcks = ackEvents.filter((m) => m.value.status !== 'duplicate').map(id);
    expect(op.status, `${op.reason}\ncommands on the log: ${commands.join(', ')}\nacks: ${acks.join(', ')}\n(process logs: .run/test-logs/${fabric.fabric})`).toBe('succeeded');
    expect((await portMap(api, 'ocs-0')).active).toEqual([]);
    for (const s of SWITCHES) expectConverged(await portMap(api, s));
    await expectFabricInvariants(api);

    // Nothing lost, nothing twice: every apply command acknowledged and applied once (I5). A command
    // may be on the log twice when its agent's consumer came back and the leader sent it again
    // (SwitchCommandQueue.redeliver); every answer after the first is a "duplicate" from the journal.
    expect(commands.length).toBeGreaterThan(0);
    expect(new Set(applyingAcks).size, `a command applied twice: ${applyingAcks.join(', ')}`).toBe(applyingAcks.length);
    for (const c of commands) expect(acks, `command ${c} was never acknowledged`).toContain(c);

    // The broker back: it rejoins as a follower and the cluster lists three again.
    await victim.start();
    const check = kafka.admin();
    await check.connect();
    await waitFor('three brokers again', async () => (await check.describeCluster()).brokers.length === 3, { timeoutMs: 90_000, intervalMs: 250 });
    await check.disconnect();
  });
});
