/**
 * The chaos run: a fleet on private servers, a concurrent workload through the API, the seeded
 * fault schedule, and after every fault (once the fleet is quiet) and at the end the independent
 * checker: invariants I1-I6 and nothing lost (invariant-checks.ts, on what Redis and the agents'
 * ledgers hold), no process dead-but-ready (readiness-checks.ts), and the time each fault took to
 * converge. Returns a summary; chaos.main.ts prints it and writes docs/reliability.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { generateBlockFabric } from '@lightpath/topology';
import { waitFor } from '@lightpath/testing';
import { fabricKeys } from '@lightpath/state';
import { describeMachine } from '../support/machine';
import { ApiClient } from './api-client';
import { ChaosFleet } from './chaos-fleet';
import { inject } from './chaos-faults';
import { allReady, observeReadiness } from './chaos-probe';
import { ChaosWorkload, sleep } from './chaos-workload';
import type { FabricSnapshot, Violation } from './fabric-snapshot';
import { readFabric } from './fabric-reader';
import { buildSchedule, type FaultStep } from './fault-schedule';
import { checkFabric, isQuiet } from './invariant-checks';
import { createPrng } from './prng';
import { checkReadiness } from './readiness-checks';

export interface ChaosOptions {
  minutes: number;
  seed: number;
  agents?: number;
  switchesPerAgent?: number;
  commandTimeoutMs?: number;
  /** A fault whose fleet is not quiet and correct by then counts its last violations. */
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
  /** Stop the fleet (and its private servers) on SIGINT / SIGTERM: for the command line. */
  handleSignals?: boolean;
}

export interface CheckOutcome {
  label: string;
  /** Set for faults: the step and what was done. */
  step?: FaultStep;
  what: string;
  /** From the victim's restart (or the poison's last message) to quiet, correct and all ready. */
  convergedMs?: number;
  violations: Violation[];
}

export interface ChaosSummary {
  seed: number;
  minutes: number;
  startedAt: string;
  durationMs: number;
  loadAverage: { start: number[]; end: number[] };
  /** Cores, CPU, memory, Node: where the figures were measured. */
  machine: string;
  fleet: { orchestrators: number; agents: number; switches: number; commandTimeoutMs: number };
  checks: CheckOutcome[];
  /** Unique violations across the run, by category. */
  lost: Violation[];
  invariantBreaks: Violation[];
  deadButReady: Violation[];
  restartFailures: Violation[];
  answers: Record<string, number>;
  /** Final status of every operation and reservation in Redis, "single connect succeeded" -> n. */
  outcomes: Record<string, number>;
  accepted: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log ?? ((line: string) => process.stdout.write(`[chaos] ${line}\n`));
  const commandTimeoutMs = options.commandTimeoutMs ?? 4_000;
  const convergeTimeoutMs = options.convergeTimeoutMs ?? 90_000;
  const prng = createPrng(options.seed);
  const fleet = new ChaosFleet({ agents: options.agents ?? 3, switchesPerAgent: options.switchesPerAgent ?? 2, commandTimeoutMs });
  const schedule = buildSchedule(prng.fork('schedule'), { minutes: options.minutes, agents: fleet.agents.length, switches: fleet.switches.length, commandTimeoutMs });
  const workload = new ChaosWorkload(fleet, prng.fork('workload'));
  const started = Date.now();
  const loadStart = loadavg();
  const checks: CheckOutcome[] = [];
  // A broken state that persists is reported at the first check that sees it, not at every one.
  const reported = new Set<string>();
  const fresh = (vs: Violation[]) => vs.filter((v) => !reported.has(`${v.check} ${v.detail}`) && reported.add(`${v.check} ${v.detail}`));
  let last: FabricSnapshot | undefined;
  if (options.handleSignals) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void fleet.dispose().finally(() => process.exit(130)));
  }
  try {
    log(`seed ${options.seed}, ${options.minutes} min, ${schedule.length} faults: ${schedule.map((s) => s.kind).join(', ')}`);
    await fleet.start();
    await setUpFabric(fleet);
    log(`fleet up: ${fleet.orchestrators.size} orchestrators, ${fleet.agents.length} agents, ${fleet.switches.length} switches (fabric ${fleet.name})`);
    // Planned times count from here: start-up takes a minute or more on a busy machine.
    const begun = Date.now();
    workload.start();
    for (const step of schedule) {
      await sleep(begun + step.atSeconds * 1000 - Date.now());
      const outcome: CheckOutcome = { label: step.kind, step, what: '', violations: [] };
      try {
        const injected = await inject(fleet, step);
        outcome.what = injected.what;
        log(`fault ${step.index + 1}/${schedule.length} at ${((Date.now() - begun) / 1000).toFixed(0)} s: ${injected.what}`);
        await workload.pause();
        const checked = await converge(fleet, workload, convergeTimeoutMs, log);
        last = checked.snapshot ?? last;
        outcome.convergedMs = checked.convergedMs;
        outcome.violations = fresh([...checked.violations, ...(injected.poison?.verify() ?? [])]);
      } catch (err) {
        outcome.violations.push({ check: 'RESTART', detail: `${step.kind}: ${(err as Error).message.split('\n')[0]}` });
        await recover(fleet, log);
        await workload.pause();
      }
      log(`  ${outcome.convergedMs === undefined ? 'did not converge' : `converged in ${(outcome.convergedMs / 1000).toFixed(1)} s`}; ${outcome.violations.length} violations`);
      for (const v of outcome.violations) log(`  ${v.check}: ${v.detail}`);
      if (outcome.violations.length > 0) keepSnapshot(fleet.name, `fault-${step.index + 1}-${step.kind}`, last, log);
      checks.push(outcome);
      workload.resume();
    }
    await sleep(begun + options.minutes * 60_000 - Date.now());
    await workload.stop();
    const final: CheckOutcome = { label: 'final', what: 'end of the run', violations: [] };
    const checked = await converge(fleet, workload, convergeTimeoutMs, log);
    last = checked.snapshot ?? last;
    final.convergedMs = checked.convergedMs;
    final.violations = fresh(checked.violations);
    for (const v of final.violations) log(`  final ${v.check}: ${v.detail}`);
    if (final.violations.length > 0) keepSnapshot(fleet.name, 'final', last, log);
    checks.push(final);
  } finally {
    await workload.stop();
    if (fleet.orchestrators.size > 0) log(`process logs in ${fleet.saveLogs()}`);
    await fleet.dispose();
  }
  return summarize(options, fleet, checks, workload, last, started, loadStart);
}

/**
 * A check that found violations keeps what it read (desired state and owners, every operation with
 * its stages, reservations, holds, audit) beside the process logs: the fleet's Redis is gone once
 * the run ends, and a violation seen once in many runs is diagnosed from these files or not at all.
 */
function keepSnapshot(fabric: string, label: string, snapshot: FabricSnapshot | undefined, log: (line: string) => void): void {
  if (!snapshot) return;
  const dir = `.run/chaos-logs/${fabric}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/snapshot-${label}.json`, JSON.stringify(snapshot, null, 1));
  log(`  the fabric as read by this check: ${dir}/snapshot-${label}.json`);
}

async function setUpFabric(fleet: ChaosFleet): Promise<void> {
  await waitFor(
    `${fleet.switches.length} switches to register`,
    async () => (await fleet.reader.scard(fabricKeys(fleet.name).switches)) === fleet.switches.length,
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  const spec = generateBlockFabric({ name: fleet.name, blocks: 8, uplinks: 2 * fleet.switches.length, ocs: fleet.switches.length, portsPerOcs: 32 });
  const admin = new ApiClient(() => fleet.urls(), fleet.tokens.admin);
  const put = await waitFor('PUT /v1/fabric on the leader', async () => {
    const a = await admin.call('PUT', '/v1/fabric', spec);
    return a.status === 200 ? a : undefined;
  });
  if (put.status !== 200) throw new Error(`chaos: PUT /v1/fabric answered ${put.status}`);
}

/**
 * Waits until the fleet is quiet (no open operation, no reservation mid-setup or teardown), the
 * checker finds nothing wrong and every process says ready; then probes real work. The
 * convergence time ends at the first such look; at the deadline the last look's violations count.
 */
async function converge(
  fleet: ChaosFleet,
  workload: ChaosWorkload,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<{ convergedMs?: number; violations: Violation[]; snapshot?: FabricSnapshot }> {
  const t0 = Date.now();
  let violations: Violation[] = [{ check: 'CONVERGE', detail: 'Redis never answered the checker' }];
  let snapshot: FabricSnapshot | undefined;
  let convergedMs: number | undefined;
  let told = t0;
  while (Date.now() - t0 < timeoutMs) {
    if (Date.now() - told > 30_000) {
      told = Date.now();
      const open = violations.filter((v) => !v.lasting);
      log(`  still converging after ${((told - t0) / 1000).toFixed(0)} s: ${open.length} unsettled, e.g. ${open[0]?.check}: ${open[0]?.detail}`);
    }
    try {
      snapshot = await readFabric(fleet.reader, fleet.name, fleet.locations);
      violations = checkFabric(snapshot, workload.record.accepted, workload.record.drains);
      if (!isQuiet(snapshot)) violations.push({ check: 'CONVERGE', detail: notQuiet(snapshot) });
      const notReady = await allReady(fleet);
      if (notReady.length) violations.push({ check: 'CONVERGE', detail: `not ready: ${notReady.join(', ')}` });
      if (violations.every((v) => v.lasting)) {
        convergedMs = Date.now() - t0;
        break;
      }
    } catch (err) {
      violations = [{ check: 'CONVERGE', detail: `the checker could not read Redis: ${(err as Error).message}` }];
    }
    await sleep(500);
  }
  const readiness = checkReadiness(await observeReadiness(fleet, (id, what) => workload.record.accept(id, what)));
  // A convergence that never came is an I3 break (drift neither repaired nor settled in time).
  const final = violations.map((v) => (v.check === 'CONVERGE' ? { check: 'I3', detail: `not converged after ${timeoutMs / 1000} s: ${v.detail}` } : v));
  return { convergedMs, violations: [...final, ...readiness], snapshot };
}

function notQuiet(s: FabricSnapshot): string {
  const open = s.openOperationIds.length ? `open operations ${s.openOperationIds.join(', ')}` : '';
  const stuck = s.reservations.filter((r) => r.status === 'placing' || r.status === 'releasing').map((r) => `reservation ${r.id} ${r.status}: ${r.reason ?? ''}`);
  return `not quiet: ${[open, ...stuck].filter(Boolean).join('; ')}`;
}

/** After a failed restart: bring back every process that is down, so the run can go on. */
async function recover(fleet: ChaosFleet, log: (line: string) => void): Promise<void> {
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) {
      try {
        await fn();
        return;
      } catch (err) {
        log(`  recovering ${what} failed (${i + 1}/3): ${(err as Error).message.split('\n')[0]}`);
      }
    }
  };
  if (!fleet.kafka.pid()) await attempt('the broker', () => fleet.kafka.start());
  if (!fleet.redis.pid()) await attempt('redis', () => fleet.redis.start());
  for (const [i, agent] of fleet.agents.entries()) if (!(await isAlive(agent.process?.url))) await attempt(agent.id, () => fleet.startAgent(i));
  for (const [id, proc] of [...fleet.orchestrators]) if (!(await isAlive(proc.url))) await attempt(id, () => fleet.startOrchestrator(id));
}

async function isAlive(url?: string): Promise<boolean> {
  if (!url) return false;
  try {
    await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  }
}

function summarize(
  options: ChaosOptions,
  fleet: ChaosFleet,
  checks: CheckOutcome[],
  workload: ChaosWorkload,
  last: FabricSnapshot | undefined,
  started: number,
  loadStart: number[],
): ChaosSummary {
  const unique = (pred: (v: Violation) => boolean) => {
    const seen = new Map<string, Violation>();
    for (const v of checks.flatMap((c) => c.violations).filter(pred)) seen.set(`${v.check} ${v.detail}`, v);
    return [...seen.values()];
  };
  const outcomes: Record<string, number> = {};
  for (const op of last?.operations ?? []) outcomes[`${op.family} ${op.kind} ${op.status}`] = (outcomes[`${op.family} ${op.kind} ${op.status}`] ?? 0) + 1;
  for (const r of last?.reservations ?? []) outcomes[`reservation ${r.status}`] = (outcomes[`reservation ${r.status}`] ?? 0) + 1;
  return {
    seed: options.seed,
    minutes: options.minutes,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    loadAverage: { start: loadStart, end: loadavg() },
    machine: describeMachine(),
    fleet: { orchestrators: 2, agents: fleet.agents.length, switches: fleet.switches.length, commandTimeoutMs: fleet.options.commandTimeoutMs },
    checks,
    lost: unique((v) => v.check === 'LOST'),
    invariantBreaks: unique((v) => /^I\d$/.test(v.check)),
    deadButReady: unique((v) => v.check === 'READY'),
    restartFailures: unique((v) => v.check === 'RESTART'),
    answers: Object.fromEntries([...workload.record.answers].sort()),
    outcomes,
    accepted: workload.record.accepted.length,
  };
}
