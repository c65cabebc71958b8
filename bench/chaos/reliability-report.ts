/**
 * docs/reliability.md, rendered from a chaos run's summary (pure). The page is the run's own
 * output: `npm run chaos -- --minutes N --seed S --write-doc` replaces it, so its figures are
 * always those of one real run, with the seed, the length and the machine's load beside them.
 */
import { percentile } from '../support/stats';
import type { ChaosSummary } from './chaos-run';
import { FAULT_KINDS } from './fault-schedule';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderReliability(s: ChaosSummary): string {
  const faults = s.checks.filter((c) => c.step);
  const rows = FAULT_KINDS.map((kind) => {
    const of = faults.filter((c) => c.step!.kind === kind);
    const times = of.flatMap((c) => (c.convergedMs === undefined ? [] : [c.convergedMs]));
    const broken = of.filter((c) => c.violations.length > 0 || c.convergedMs === undefined).length;
    const conv = times.length ? `${secs(percentile(times, 50))} | ${secs(Math.max(...times))}` : '- | -';
    return `| ${kind} | ${of.length} | ${times.length} | ${conv} | ${broken} |`;
  });
  const list = (title: string, vs: { check: string; detail: string }[]) =>
    vs.length === 0 ? [`- ${title}: **0**`] : [`- ${title}: **${vs.length}**`, ...vs.slice(0, 25).map((v) => `  - ${v.check}: ${v.detail}`), ...(vs.length > 25 ? [`  - ... and ${vs.length - 25} more`] : [])];
  const table = (record: Record<string, number>) => Object.entries(record).map(([k, n]) => `| ${k} | ${n} |`);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  return [
    '# Reliability: the chaos run',
    '',
    'Written by `npm run chaos -- --minutes N --seed S --write-doc` (bench/chaos/), or from a saved run with',
    '`--from .run/chaos-summary.json --write-doc`; the figures below are those of one run. A 2-minute',
    'run with a fixed seed is part of `npm test` (`test/e2e/chaos.test.ts`), which asserts lost = 0, invariant breaks = 0 and no process dead-but-ready.',
    '',
    '## This run',
    '',
    `- seed **${s.seed}**, **${s.minutes} min** of workload and faults (${secs(s.durationMs)} wall clock with start-up and checks), started ${s.startedAt}`,
    `- fleet: ${s.fleet.orchestrators} orchestrator replicas, ${s.fleet.agents} agents serving ${s.fleet.switches} simulated switches, a private Kafka broker (KRaft) and a private redis-server (AOF), COMMAND_TIMEOUT_MS ${s.fleet.commandTimeoutMs}`,
    `- machine: ${s.machine}; load average (1, 5, 15 min) ${load(s.loadAverage.start)} at the start, ${load(s.loadAverage.end)} at the end`,
    `- ${s.accepted} operations and reservations accepted by the API (workload and the checker's probes)`,
    '',
    ...list('lost', s.lost),
    ...list('invariant breaks (I1-I6, convergence)', s.invariantBreaks),
    ...list('processes dead-but-ready (or working but not ready)', s.deadButReady),
    ...list('faults the fleet could not recover from (a restart that failed)', s.restartFailures),
    '',
    '## Faults injected, and time to converge',
    '',
    'Convergence: from the victim\'s restart (or the last poison message) until no operation is open, no',
    'reservation is mid-setup or mid-teardown, every switch holds exactly its desired circuits, the',
    'checker finds no broken invariant and every process reports ready (at most 90 s; a broken state',
    'that persists is listed once, at the first check that saw it).',
    '',
    '| fault | injected | converged | p50 | max | checks not converged or with new violations |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Operations by outcome',
    '',
    'Final status in Redis of every operation and reservation of the run:',
    '',
    '| operation | count |',
    '|---|---|',
    ...table(s.outcomes),
    '',
    'API answers to the workload, by request and status:',
    '',
    '| request and answer | count |',
    '|---|---|',
    ...table(s.answers),
    '',
    '## The checker',
    '',
    'It never asks the API what the state is. It reads Redis with the key names of `libs/state`',
    '(read-only commands) and each agent\'s own ledger files (`<state dir>/<switch>.state.json`, the',
    'crossbar and highest epoch it saves before every ack; `<switch>.acks.jsonl`, the acks of the',
    'commands it applied), and for readiness it compares each process\'s `/health/ready` with a probe',
    'cross-connect on each switch through the whole path, whose outcome it reads from Redis. After every',
    'fault, once quiet, and at the end it checks I1 (desired and reverse index agree, no port twice in',
    'any copy), I2 (no desired circuit on a failed port), I3 (desired = recorded actual = the switch\'s',
    'crossbar), I4 (live reservations hold their cubes and ports and share none, an active one keeps every',
    'circuit, found by its owner code wherever a drain moved it, an ended one holds nothing and owns no',
    'circuit), I5 (no agent has seen an epoch above the',
    'fabric\'s; no command id applied twice; a forged command under an older epoch was not applied), I6',
    '(one audit entry naming who, per operation) and nothing lost (every accepted id is in Redis and has',
    'ended; one that did not succeed says why).',
    '',
    'What it cannot see: I7 (the capacity guard is a property of the plans, pinned by libs/topology\'s',
    'stage verifier, not of the state); I8 for circuits other than reservations\' (that a topology\'s or an',
    'operator\'s circuit still has the owner that made it: the workload does not record who made what);',
    'light that a real switch would show but the simulator\'s ledger',
    'does not; duplicates of a command id that has left the agent\'s 1,000-entry journal; and anything',
    'that happened and healed between two checks (the checker looks at quiet points, not at every instant).',
    '',
    '## What is deterministic',
    '',
    'From the seed (a mulberry32 generator, `bench/chaos/prng.ts`): the fault schedule (kinds, order,',
    'planned times, victims, how long each stays down), and each actor\'s sequence of choices (which',
    'switch, ports, intent, blocks, think times). Not deterministic: the timing of the processes on a',
    'shared machine, so which requests meet which fault, how the API answers them, how long recovery',
    'takes, and therefore the counts above. A fault whose planned time has passed waits for the',
    'previous fault to converge and be checked, so a slow machine stretches the run rather than',
    'overlapping faults.',
    '',
  ].join('\n');
}
