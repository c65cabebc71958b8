/**
 * bench:failover: how fast a follower orchestrator takes over, on the single-node layout (the
 * shared or deploy/infra.sh broker and Redis) and on the HA layout (three brokers, Redis with two
 * replicas and three Sentinels, started privately on free ports through deploy/infra-ha.sh, so no
 * other session's servers are touched). Goal (issue 12): leader killed -> the follower's first
 * command <= 1.5 s; a clean shutdown hands over at once.
 *
 * Per layout and round (failover-rounds.ts): the leader SIGKILLed, then the new leader SIGTERMed,
 * each timed to the first command of the next term on the switch's command topic. Lease flapping is
 * counted from the replicas' own metrics (elections beyond the hand-overs, renewals later than half
 * a lease).
 *
 * Usage: npm run bench:failover [-- --rounds 5 --layout single|ha|both --lease-ms 1000]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startPrivateKafkaCluster, startPrivateRedisSentinel } from '@lightpath/testing';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';
import { runLayout, type LayoutRun } from './failover-rounds';

const GOAL_MS = 1_500;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    layout: { type: 'string', default: 'both' },
    // Unset: the orchestrator's default (LEADER_LEASE_MS, docs/configuration.md).
    'lease-ms': { type: 'string' },
    out: { type: 'string', default: '.run/bench-failover.json' },
  },
});
const ROUNDS = Number(args.rounds);
if (!['single', 'ha', 'both'].includes(args.layout!)) throw new Error(`bench:failover: --layout must be single, ha or both, got ${args.layout}`);

async function haLayout(): Promise<{ env: Record<string, string>; dispose: () => Promise<void> }> {
  const [kafka, redis] = await Promise.all([startPrivateKafkaCluster('bench-failover'), startPrivateRedisSentinel('bench-failover')]);
  return { env: { ...kafka.env, ...redis.env }, dispose: async () => void (await Promise.all([kafka.dispose(), redis.dispose()])) };
}

function rows(label: string, run: LayoutRun): string[] {
  const line = (what: string, values: number[]) => {
    const s = summarize(values);
    return `| ${label} | ${what} | ${s.p50} | ${s.max} | ${s.n} |`;
  };
  return [
    line('leader SIGKILLed -> follower\'s first command on the wire', run.killToFirstCommand),
    line('leader SIGKILLed -> follower reports itself leader', run.killToLeaderObserved),
    line('leader SIGTERMed (clean shutdown) -> follower\'s first command', run.stopToFirstCommand),
  ];
}

async function main(): Promise<void> {
  const results: Record<string, LayoutRun> = {};
  const load: Record<string, number[]> = {};
  if (args.layout !== 'ha') {
    load.single = loadavg();
    results.single = await runLayout('single', ROUNDS, {}, args['lease-ms']);
  }
  if (args.layout !== 'single') {
    const ha = await haLayout();
    try {
      load.ha = loadavg();
      results.ha = await runLayout('ha', ROUNDS, ha.env, args['lease-ms']);
    } finally {
      await ha.dispose();
    }
  }
  const out = { machine: describeMachine(), rounds: ROUNDS, leaseMs: args['lease-ms'] ?? 'default (1000)', loadAtStart: load, results };
  writeFileSync(args.out!, JSON.stringify(out, null, 2));
  console.log(`\nbench:failover on ${out.machine}; ${ROUNDS} rounds per layout, lease ${out.leaseMs} ms`);
  for (const [label, l] of Object.entries(load)) console.log(`load average at the start of ${label}: ${l.map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\n| layout | measure (ms) | p50 | max | n |\n|---|---|---|---|---|');
  for (const [label, run] of Object.entries(results)) for (const row of rows(label, run)) console.log(row);
  for (const [label, run] of Object.entries(results)) {
    console.log(`${label}: ${run.extraElections} elections beyond the hand-overs (flapping); ${run.lateRenewals} of ${run.renewals} renewals came later than half a lease`);
    const worst = Math.max(...run.killToFirstCommand);
    console.log(`${label}: goal <= ${GOAL_MS} ms after a kill: ${worst <= GOAL_MS ? 'met' : 'NOT met'} (worst round ${worst} ms)`);
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
