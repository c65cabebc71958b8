/**
 * bench:failover: time from the leader orchestrator's death (SIGKILL) to the follower's first
 * command on the wire, with the default lease (LEADER_LEASE_MS 3000). Goal (issue 4): <= 5 s.
 *
 * Two replicas and one agent run as processes on the real broker and Redis. Each round kills the
 * leader, watches the switch's command topic for the first command carrying a higher epoch (the
 * new leader sends snapshot requests and adopted commands as soon as it is elected), then restarts
 * the killed replica as the next round's follower.
 *
 * Usage: npm run bench:failover [-- --rounds 5]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { topicNames } from '@lightpath/contracts';
import { createKafka, silentLogger } from '@lightpath/messaging';
import { startApp, waitFor, type AppProcess } from '@lightpath/testing';
import { benchEnv, httpAs, type Http } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'lease-ms': { type: 'string', default: '3000' },
    out: { type: 'string', default: '.run/bench-failover.json' },
  },
});
const ROUNDS = Number(args.rounds);
async function leaderView(http: Http, url: string): Promise<{ isLeader: boolean; epoch: number } | undefined> {
  try {
    const res = await http<{ isLeader: boolean; epoch: number }>('GET', `${url}/v1/leader`);
    return res.status === 200 ? res.body : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const bench = benchEnv('ha', { LEADER_LEASE_MS: args['lease-ms']! });
  const { name, env, stateDir } = bench;
  const http = httpAs(bench.token);
  const replica = (id: string) => startApp('orchestrator', { ...env, ORCH_ID: id, ORCH_HTTP_PORT: '0' }, 'orchestrator ready');
  const procs: Record<string, AppProcess> = { a: await replica('orch-a'), b: await replica('orch-b') };
  const agent = await startApp(
    'switch-agent',
    { ...env, AGENT_ID: 'bench-ha', AGENT_SWITCHES: 'ocs-1', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: stateDir },
    'switch agent ready',
  );
  const kafka = createKafka({ brokers: [env.KAFKA_BROKERS], clientId: name, logger: silentLogger });
  const seen: { epoch: number; at: number }[] = [];
  const tap = kafka.consumer({ groupId: `${name}-tap`, maxWaitTimeInMs: 20 });
  const toDeath: number[] = [];
  const toLeader: number[] = [];
  try {
    await tap.connect();
    await tap.subscribe({ topic: topicNames(name).commands('ocs-1'), fromBeginning: true });
    await tap.run({ eachMessage: async ({ message }) => void seen.push({ epoch: JSON.parse(String(message.value)).epoch, at: Date.now() }) });
    for (let round = 0; round < ROUNDS; round++) {
      const entries = await waitFor('a leader', async () => {
        const views = await Promise.all(Object.entries(procs).map(async ([k, p]) => [k, await leaderView(http, p.url)] as const));
        const lead = views.find(([, v]) => v?.isLeader);
        return lead && views.every(([, v]) => v) ? { leader: lead[0], epoch: lead[1]!.epoch } : undefined;
      });
      const followerKey = entries.leader === 'a' ? 'b' : 'a';
      const killedAt = Date.now();
      await procs[entries.leader].kill();
      const elected = await waitFor('the follower to lead', async () => ((await leaderView(http, procs[followerKey].url))?.isLeader ? Date.now() : undefined), {
        timeoutMs: 30_000,
        intervalMs: 10,
      });
      const first = await waitFor('a command of the new epoch', () => seen.find((s) => s.epoch > entries.epoch && s.at >= killedAt), {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      toDeath.push(first.at - killedAt);
      toLeader.push(elected - killedAt);
      procs[entries.leader] = await replica(entries.leader === 'a' ? 'orch-a' : 'orch-b');
    }
    const result = {
      machine: describeMachine(),
      rounds: ROUNDS,
      leaseMs: Number(args['lease-ms']),
      deathToFirstCommandMs: summarize(toDeath),
      deathToLeaderObservedMs: summarize(toLeader),
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    console.log(`\nbench:failover on ${result.machine}; ${ROUNDS} rounds, lease ${result.leaseMs} ms\n`);
    console.log('| measure (ms) | p50 | max |\n|---|---|---|');
    console.log(`| leader killed -> follower's first command on the wire | ${result.deathToFirstCommandMs.p50} | ${result.deathToFirstCommandMs.max} |`);
    console.log(`| leader killed -> follower reports itself leader | ${result.deathToLeaderObservedMs.p50} | ${result.deathToLeaderObservedMs.max} |`);
    console.log(`\ngoal <= 5000 ms: ${result.deathToFirstCommandMs.max <= 5000 ? 'met' : 'NOT met'} (worst round)`);
  } finally {
    await tap.disconnect().catch(() => undefined);
    await Promise.all([...Object.values(procs).map((p) => p.stop()), agent.stop()]);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
