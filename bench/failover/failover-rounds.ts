import { rmSync } from 'node:fs';
import { topicNames } from '@lightpath/contracts';
import { createKafka, silentLogger } from '@lightpath/messaging';
import { startApp, waitFor, type AppProcess } from '@lightpath/testing';
import { benchEnv, httpAs, type Http } from '../support/bench-env';

/**
 * One layout's rounds of bench:failover: two orchestrator replicas and one agent as processes. Each
 * round ends the leader twice, once with SIGKILL (death: the follower waits out the lease) and once
 * with SIGTERM (clean shutdown: the lease is released and published), and times from the signal to
 * the first command of the new term on the switch's command topic (the new leader asks every switch
 * for a snapshot and re-sends adopted commands as soon as it is elected). The ended replica is
 * restarted as the next follower each time.
 */
export interface LayoutRun {
  /** leader SIGKILLed -> first command of the new epoch on the wire (ms), one per round */
  killToFirstCommand: number[];
  /** leader SIGKILLed -> the follower's GET /v1/leader says it leads (ms, polled every 10 ms) */
  killToLeaderObserved: number[];
  /** leader SIGTERMed -> first command of the new epoch (ms) */
  stopToFirstCommand: number[];
  /** Elections beyond the ones the rounds caused (lease flapping), from lightpath_leader_transitions_total. */
  extraElections: number;
  /** Lease renewals that came later than half the lease, over every replica's life (renew gap histogram). */
  lateRenewals: number;
  renewals: number;
}

type View = { isLeader: boolean; epoch: number };

async function leaderView(http: Http, url: string): Promise<View | undefined> {
  try {
    const res = await http<View>('GET', `${url}/v1/leader`);
    return res.status === 200 ? res.body : undefined;
  } catch {
    return undefined;
  }
}

/** Sums a counter's or histogram bucket's samples in a Prometheus text page, by a line filter. */
function sample(page: string, match: RegExp): number {
  return page
    .split('\n')
    .filter((l) => match.test(l))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

export async function runLayout(label: string, rounds: number, infra: Record<string, string>, leaseMs?: string): Promise<LayoutRun> {
  const bench = benchEnv(`failover-${label}`, { ...(leaseMs ? { LEADER_LEASE_MS: leaseMs } : {}), ...infra });
  // The HA layout names Redis by its Sentinels: one way to name Redis at a time.
  if (infra.REDIS_SENTINELS) delete bench.env.REDIS_URL;
  const { name, env, stateDir } = bench;
  const http = httpAs(bench.token);
  const replica = (id: string) => startApp('orchestrator', { ...env, ORCH_ID: id, ORCH_HTTP_PORT: '0' }, 'orchestrator ready');
  const procs: Record<string, AppProcess> = { 'orch-a': await replica('orch-a'), 'orch-b': await replica('orch-b') };
  const agent = await startApp('switch-agent', { ...env, AGENT_ID: 'bench-failover', AGENT_SWITCHES: 'ocs-1', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: stateDir }, 'switch agent ready');
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: name, logger: silentLogger });
  const seen: { epoch: number; at: number }[] = [];
  const tap = kafka.consumer({ groupId: `${name}-tap`, maxWaitTimeInMs: 20 });
  const run: LayoutRun = { killToFirstCommand: [], killToLeaderObserved: [], stopToFirstCommand: [], extraElections: 0, lateRenewals: 0, renewals: 0 };
  let caused = 0;
  let elections = 0;
  /** Before a replica ends: what its /metrics say about its elections and renewals. */
  const harvest = async (id: string) => {
    const page = await fetch(`${procs[id].url}/metrics`).then((r) => r.text());
    elections += sample(page, /^lightpath_leader_transitions_total\{change="elected"\}/);
    run.renewals += sample(page, /^lightpath_leader_renew_gap_seconds_count/);
    const halfLease = Number(leaseMs ?? 1000) / 2000;
    const within = page.split('\n').filter((l) => l.startsWith('lightpath_leader_renew_gap_seconds_bucket') && Number(/le="([^"]+)"/.exec(l)?.[1]) <= halfLease);
    const underHalf = within.length ? Number(within[within.length - 1].split(' ').pop()) : 0;
    run.lateRenewals += sample(page, /^lightpath_leader_renew_gap_seconds_count/) - underHalf;
  };
  /** Ends the leader with `how`, times the first command of the next epoch, restarts the ended replica. */
  const handOver = async (how: 'kill' | 'stop'): Promise<void> => {
    const lead = await waitFor('a leader and a live follower', async () => {
      const views = await Promise.all(Object.entries(procs).map(async ([id, p]) => [id, await leaderView(http, p.url)] as const));
      const leader = views.find(([, v]) => v?.isLeader);
      return leader && views.every(([, v]) => v) ? { id: leader[0], epoch: leader[1]!.epoch } : undefined;
    });
    const follower = Object.keys(procs).find((id) => id !== lead.id)!;
    await harvest(lead.id);
    caused += 1;
    const endedAt = Date.now();
    const ending = procs[lead.id][how]();
    const elected = await waitFor('the follower to lead', async () => ((await leaderView(http, procs[follower].url))?.isLeader ? Date.now() : undefined), { timeoutMs: 30_000, intervalMs: 10 });
    const first = await waitFor('a command of the new epoch', () => seen.find((s) => s.epoch > lead.epoch && s.at >= endedAt), { timeoutMs: 30_000, intervalMs: 5 });
    await ending;
    if (how === 'kill') {
      run.killToFirstCommand.push(first.at - endedAt);
      run.killToLeaderObserved.push(elected - endedAt);
    } else run.stopToFirstCommand.push(first.at - endedAt);
    procs[lead.id] = await replica(lead.id);
  };
  try {
    await tap.connect();
    await tap.subscribe({ topic: topicNames(name).commands('ocs-1'), fromBeginning: true });
    await tap.run({ eachMessage: async ({ message }) => void seen.push({ epoch: JSON.parse(String(message.value)).epoch, at: Date.now() }) });
    for (let round = 0; round < rounds; round++) {
      await handOver('kill');
      await handOver('stop');
    }
    for (const id of Object.keys(procs)) await harvest(id);
    // The first election of all is not a failover; every hand-over causes one more.
    run.extraElections = Math.max(0, elections - caused - 1);
    return run;
  } finally {
    await tap.disconnect().catch(() => undefined);
    await Promise.all([...Object.values(procs).map((p) => p.stop()), agent.stop()]);
    rmSync(stateDir, { recursive: true, force: true });
  }
}
