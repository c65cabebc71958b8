import { rmSync } from 'node:fs';
import { AckEventSchema, ApplyCommandSchema, topicNames, type AckEvent, type ApplyCommand, type Operation } from '@lightpath/contracts';
import { createKafka, JsonProducer, silentLogger } from '@lightpath/messaging';
import { waitFor, type AppProcess } from '@lightpath/testing';
import type { Consumer } from 'kafkajs';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, expectConverged, portMap, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';
import { uniqueName } from '../support/unique';

/**
 * Group commit (issue 8, item 3) on the real broker and redis-server: parts of concurrent
 * operations bound for one switch travel in one command while the switch has another in flight;
 * the agent applies them as one batch and answers per operation.
 */
describe('group commit: operations merged into one command per switch', () => {
  let fabric: Fabric;
  let api: string;
  let agent: AppProcess;
  let follower: AppProcess;
  let producer: JsonProducer;
  let tap: Consumer;
  const events: unknown[] = [];
  const commands: ApplyCommand[] = [];
  const agentEnv = { AGENT_TIME_SCALE: '2000' };

  const connect = async (url: string, north: number, south: number): Promise<Operation> =>
    (await request(url).post('/v1/switches/ocs-1/cross-connects').send({ north, south }).expect(202)).body as Operation;
  const acks = () => events.filter((e) => AckEventSchema.safeParse(e).success) as AckEvent[];

  beforeAll(async () => {
    // Slow mirrors (simulated timing x 2000) keep one command in flight while others queue behind
    // it; the reconciler only alarms, so the raw commands below stay on ocs-2 as sent.
    fabric = await createFabric('group', { ORCH_ID: 'orch-a', LEADER_LEASE_MS: '1500', COMMAND_TIMEOUT_MS: '30000', RECONCILE_MODE: 'alarm' });
    api = fabric.orchestrator.url;
    agent = await fabric.startAgent('agent-g', ['ocs-1', 'ocs-2'], agentEnv);
    await awaitSwitches(api, ['ocs-1', 'ocs-2']);
    const kafka = createKafka({ brokers: [fabric.env.KAFKA_BROKERS], clientId: uniqueName('group'), logger: silentLogger });
    producer = new JsonProducer(kafka);
    await producer.connect();
    tap = kafka.consumer({ groupId: uniqueName('tap'), maxWaitTimeInMs: 100 });
    await tap.connect();
    const topics = topicNames(fabric.prefix);
    await tap.subscribe({ topics: [topics.events, topics.commands('ocs-1')], fromBeginning: true });
    await tap.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(String(message.value)) as unknown;
        if (topic === topics.events) events.push(value);
        else if (ApplyCommandSchema.safeParse(value).success) commands.push(value as ApplyCommand);
      },
    });
  });
  afterAll(async () => {
    await tap?.disconnect();
    await producer?.disconnect();
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it("two operations merged into one command: one's pair is refused by the switch, the other succeeds", async () => {
    const busy = await connect(api, 20, 20);
    // The next move of north 3's mirror fails on the switch (the orchestrator cannot know beforehand).
    await supertest(agent.url).post('/admin/switches/ocs-1/faults').send({ kind: 'stick-mirror', side: 'north', port: 3 }).expect(202);
    const [a, b] = await Promise.all([connect(api, 1, 2), connect(api, 3, 4)]);
    const [doneA, doneB] = await Promise.all([awaitOperation(api, a.id, 60_000), awaitOperation(api, b.id, 60_000)]);
    expect(doneA.status).toBe('succeeded');
    expect(doneB.status).toBe('failed');
    expect(doneB.reason).toMatch(/N3-S4: mirror on north port 3 is stuck/);
    // One command carried both, after the one that was in flight when they were accepted.
    expect(doneA.commandId).toBe(doneB.commandId);
    expect(doneA.commandId).not.toBe((await awaitOperation(api, busy.id, 60_000)).commandId);
    const merged = commands.find((c) => c.commandId === doneA.commandId);
    expect(merged?.parts.map((p) => p.operationId).sort()).toEqual([a.id, b.id].sort());
    const map = await portMap(api, 'ocs-1');
    expect(map.active.map((c) => c.north).sort((x, y) => x - y)).toEqual([1, 20]);
    expect(map.pending).toEqual([]);
    expectConverged(map);
  });

  it('I5 for merged commands: replayed after an agent restart, a merged command is answered with its first per-operation results and applied once', async () => {
    const epoch = (await request(api).get('/v1/leader').expect(200)).body.epoch as number;
    const commandId = uniqueName('merged');
    const deadline = Date.now() + 60_000;
    const merged: ApplyCommand = {
      type: 'apply',
      commandId,
      switchId: 'ocs-2',
      epoch,
      issuedAt: Date.now(),
      deadline,
      parts: [
        { operationId: 'raw-a', step: 's0', deadline, connect: [{ north: 5, south: 6 }], disconnect: [] },
        { operationId: 'raw-b', step: 's0', deadline, connect: [{ north: 7, south: 8 }], disconnect: [] },
      ],
    };
    const topic = topicNames(fabric.prefix).commands('ocs-2');
    await producer.send({ topic, key: 'ocs-2', value: merged });
    const first = await waitFor('the merged command applied', () => acks().find((x) => x.commandId === commandId), { timeoutMs: 60_000 });
    expect(first.status).toBe('applied');
    expect(first.parts.map((p) => [p.operationId, p.status])).toEqual([
      ['raw-a', 'applied'],
      ['raw-b', 'applied'],
    ]);

    await agent.kill();
    fabric.agents.splice(fabric.agents.indexOf(agent), 1);
    agent = await fabric.startAgent('agent-g', ['ocs-1', 'ocs-2'], agentEnv);
    await producer.send({ topic, key: 'ocs-2', value: merged });
    const again = await waitFor('the replay answered', () => acks().find((x) => x.commandId === commandId && x.status === 'duplicate'), { timeoutMs: 60_000 });
    expect(again.parts).toEqual(first.parts);
    const map = await waitFor('ocs-2 reported again', async () => {
      const m = await portMap(api, 'ocs-2');
      return m.active.length === 2 ? m : undefined;
    });
    expect(map.active.map((c) => [c.north, c.south])).toEqual([
      [5, 6],
      [7, 8],
    ]);
  });

  it('leader killed with a merged command in flight: the new leader resumes both operations, each circuit made once', async () => {
    follower = await fabric.startReplica('orch-b');
    await awaitSwitches(follower.url, ['ocs-1']);
    const busy = await connect(api, 30, 30);
    const [a, b] = await Promise.all([connect(api, 31, 32), connect(api, 33, 34)]);
    await waitFor('the merged command to be sent', () => commands.find((c) => c.parts.some((p) => p.operationId === a.id) && c.parts.some((p) => p.operationId === b.id)), { timeoutMs: 60_000 });
    await fabric.orchestrator.kill();

    await waitFor('orch-b to lead', async () => ((await request(follower.url).get('/v1/leader').expect(200)).body.isLeader ? true : undefined), { timeoutMs: 30_000 });
    const done = await Promise.all([busy, a, b].map((op) => awaitOperation(follower.url, op.id, 90_000)));
    expect(done.map((op) => op.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const map = await waitFor('every circuit reported', async () => {
      const m = await portMap(follower.url, 'ocs-1');
      return [30, 31, 33].every((n) => m.active.some((c) => c.north === n)) ? m : undefined;
    });
    expect(map.active.filter((c) => c.north >= 30).map((c) => [c.north, c.south])).toEqual([
      [30, 30],
      [31, 32],
      [33, 34],
    ]);
    expect(map.pending).toEqual([]);
    expectConverged(map);
  });
});
