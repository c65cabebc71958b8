/**
 * The Kafka layer alone, for the command-topic decision (issue 12, item 3): `--switches` switches'
 * commands reach `--agents` consumers either
 *   per-switch: one single-partition topic per switch (`<prefix>.cmd.<switch>`, today's design);
 *     each agent, in a group of its own, subscribes to its switches' topics; or
 *   partitioned: one topic of `--partitions` partitions, each command keyed by switch id; the agents
 *     share one group and are assigned partitions (an agent serves the switches hashing to them).
 * On a broker of its own it measures, per layout: creating the topics (until every partition has a
 * leader), the consumers' join until every partition is assigned, and produce -> consume latency of
 * one command per switch sent together (`--rounds` times), plus the broker's data on disk.
 *
 * Usage (after npm run bench:scale has built dist/bench): node dist/bench/scale/topic-layout.bench.js --switches 1000 --agents 8
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commandTopicLayouts } from './topic-layout';
import { createKafka, ensureTopics, silentLogger } from '@lightpath/messaging';
import { startPrivateKafka } from '@lightpath/testing';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';
import { diskMiB } from './fleet-probes';

const { values: args } = parseArgs({
  options: {
    switches: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '8' },
    partitions: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '5' },
    out: { type: 'string', default: '.run/bench-topic-layout.json' },
  },
});
const SWITCHES = Number(args.switches);
const AGENTS = Number(args.agents);
const PARTITIONS = Number(args.partitions);
const ROUNDS = Number(args.rounds);


async function main(): Promise<void> {
  const broker = await startPrivateKafka('bench-topic-layout');
  const results: Record<string, unknown>[] = [];
  try {
    const kafka = createKafka({ brokers: [broker.address], clientId: 'bench-topic-layout', logger: silentLogger });
    const switches = Array.from({ length: SWITCHES }, (_, i) => `ocs-${i}`);
    for (const layout of commandTopicLayouts({ switches, agents: AGENTS, partitions: PARTITIONS, prefix: `tl${Date.now().toString(36)}` })) {
      const t0 = performance.now();
      await ensureTopics(kafka, layout.topics, 300_000);
      const createMs = performance.now() - t0;

      // Consumers: join and wait until every partition of the layout is assigned to someone.
      const received = new Map<string, number>();
      // Per consumer, the partitions of its latest assignment: a shared group rebalances as members join.
      const assignedTo = new Map<number, number>();
      const assigned = () => [...assignedTo.values()].reduce((a, b) => a + b, 0);
      const t1 = performance.now();
      const consumers = await Promise.all(
        layout.subscriptions.map(async (sub, i) => {
          const c = kafka.consumer({ groupId: sub.groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 100 });
          c.on(c.events.GROUP_JOIN, (e) => {
            assignedTo.set(i, Object.values(e.payload.memberAssignment).reduce((n, parts) => n + parts.length, 0));
          });
          await c.connect();
          await c.subscribe({ topics: sub.topics, fromBeginning: true });
          await c.run({
            partitionsConsumedConcurrently: sub.concurrency,
            eachMessage: async ({ message }) => {
              const key = message.key!.toString();
              received.set(key, performance.now());
            },
          });
          return c;
        }),
      );
      await waitUntil(() => assigned() === layout.partitionCount, 300_000, `${layout.name}: all ${layout.partitionCount} partitions assigned`);
      const joinMs = performance.now() - t1;

      const producer = kafka.producer();
      await producer.connect();
      const latencies: number[] = [];
      const allDelivered: number[] = [];
      for (let round = 0; round < ROUNDS + 1; round++) {
        received.clear();
        const sent = new Map<string, number>();
        const t2 = performance.now();
        await Promise.all(
          switches.map((id) => {
            sent.set(id, performance.now());
            return producer.send({ topic: layout.topicOf(id), acks: -1, messages: [{ key: id, value: JSON.stringify({ switchId: id, round, pairs: [] }) }] });
          }),
        );
        await waitUntil(() => received.size === SWITCHES, 120_000, `${layout.name}: round ${round} delivered`);
        if (round === 0) continue; // warm-up: connections and metadata
        allDelivered.push(Math.max(...received.values()) - t2);
        for (const [id, at] of received) latencies.push(at - sent.get(id)!);
      }
      await producer.disconnect();
      await Promise.all(consumers.map((c) => c.disconnect()));
      const lat = summarize(latencies);
      console.error(`[topic-layout] ${layout.name}: create ${createMs.toFixed(0)} ms, join ${(performance.now() - t1).toFixed(0)} ms incl. rounds, p50 ${lat.p50.toFixed(0)} ms`);
      results.push({
        layout: layout.name,
        topics: layout.topics.length,
        partitions: layout.partitionCount,
        consumers: layout.subscriptions.length,
        createMs,
        joinMs,
        latencyMs: lat,
        allDeliveredMs: summarize(allDelivered),
      });
    }
    const disk = await diskMiB(broker.dataDir);
    writeFileSync(args.out!, JSON.stringify({ machine: describeMachine(), switches: SWITCHES, agents: AGENTS, rounds: ROUNDS, results, kafkaDiskMiB: disk }, null, 2));
    const f = (n: number) => n.toFixed(0);
    console.log(`\ncommand topic layouts on ${describeMachine()}: ${SWITCHES} switches, ${AGENTS} agents, ${ROUNDS} rounds of one command per switch after 1 warm-up\n`);
    console.log('| layout | topics / partitions | create (ms) | join + assignment (ms) | produce -> consume p50 / p99 (ms) | all delivered p50 (ms) |\n|---|---|---|---|---|---|');
    for (const r of results as { layout: string; topics: number; partitions: number; createMs: number; joinMs: number; latencyMs: { p50: number; p99: number }; allDeliveredMs: { p50: number } }[]) {
      console.log(`| ${r.layout} | ${r.topics} / ${r.partitions} | ${f(r.createMs)} | ${f(r.joinMs)} | ${f(r.latencyMs.p50)} / ${f(r.latencyMs.p99)} | ${f(r.allDeliveredMs.p50)} |`);
    }
    console.log(`\nbroker data on disk after both: ${disk.toFixed(1)} MiB`);
  } finally {
    await broker.dispose();
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
