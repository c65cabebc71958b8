/**
 * bench:mixed: every kind of caller at once on the 48-OCS pod (one agent process serving all 48
 * simulated switches), for `--seconds` (default 60):
 *   - `--operators` (8) operators, each creating a single cross-connect on its own switch and
 *     deleting it again, waiting for each operation to end;
 *   - `--launchers` (16) job launchers reserving one cube (4x4x4: 48 cross-connects), waiting until
 *     it is active, releasing it and waiting until it is released (setup and teardown applied);
 *   - one scheduler re-applying its topology every 2 s: a mesh between two cubes of 8, then 16,
 *     links each way, in turn, so every apply rewires (minimal rewiring, staged).
 * Reports throughput and latency per kind, then waits for the fabric to be quiet and checks every
 * invariant the chaos checker knows (I1-I8, nothing lost, every accepted id in Redis and ended)
 * from Redis and the agent's own ledgers. Goal (issue 8): zero invariant breaks.
 *
 * Usage: npm run bench:mixed [-- --seconds 60 --operators 8 --launchers 16]
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRedis } from '@lightpath/state';
import { waitFor } from '@lightpath/testing';
import type { FabricSpec } from '@lightpath/topology';
import { readFabric } from '../chaos/fabric-reader';
import { checkFabric, isQuiet, type Accepted } from '../chaos/invariant-checks';
import { benchEnv, httpAs, startPod, type Http } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { watchOperations, watchReservations, type OutcomeWatch } from '../support/outcome-watch';
import { summarize } from '../support/stats';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    operators: { type: 'string', default: '8' },
    launchers: { type: 'string', default: '16' },
    out: { type: 'string', default: '.run/bench-mixed.json' },
  },
});
const SECONDS = Number(args.seconds);
const OPERATORS = Number(args.operators);
const LAUNCHERS = Number(args.launchers);
/** Cubes kept for the scheduler's topology and for the operators' cross-connects, away from reservations. */
const SCHEDULER_CUBES = ['cube-60', 'cube-61'];
const OPERATOR_CUBES = ['cube-62', 'cube-63'];

interface Kind {
  /** Request to the operation or reservation having ended as asked. */
  done: number[];
  ok: number;
  refused: Map<number, number>;
  failed: string[];
}
const kind = (): Kind => ({ done: [], ok: 0, refused: new Map(), failed: [] });

let http: Http;
const accepted: Accepted[] = [];

/** A north and a south port of `switchId` both fibred to the given cubes: a circuit no slice needs. */
function operatorPair(spec: FabricSpec, switchId: string): { north: number; south: number } {
  const ports = (side: 'north' | 'south') =>
    spec.fibres.filter((f) => f.switchId === switchId && f.side === side && OPERATOR_CUBES.includes(f.endpoint)).map((f) => f.port);
  const [north] = ports('north');
  const [south] = ports('south');
  if (north === undefined || south === undefined) throw new Error(`${switchId} has no north and south port fibred to ${OPERATOR_CUBES.join(', ')}`);
  return { north, south };
}

async function operator(api: string, ops: OutcomeWatch, switchId: string, pair: { north: number; south: number }, until: number, t: Kind): Promise<void> {
  const step = async (method: string, path: string, body?: unknown): Promise<boolean> => {
    const started = performance.now();
    const res = await http<{ id: string }>(method, `${api}${path}`, body);
    if (res.status !== 202) {
      t.refused.set(res.status, (t.refused.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && res.status !== 503) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return false;
    }
    accepted.push({ id: res.body.id, what: `${method} ${path}` });
    const end = await ops.next(res.body.id);
    if (end.status !== 'succeeded') {
      t.failed.push(`${res.body.id} ${end.status}: ${end.reason}`);
      return false;
    }
    t.done.push(performance.now() - started);
    t.ok++;
    return true;
  };
  while (performance.now() < until) {
    if (await step('POST', `/v1/switches/${switchId}/cross-connects`, pair)) await step('DELETE', `/v1/switches/${switchId}/cross-connects/${pair.north}`);
    else await new Promise((r) => setTimeout(r, 50));
  }
}

async function launcher(api: string, rsv: OutcomeWatch, job: string, until: number, t: Kind, releases: Kind): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    const res = await http<{ id: string }>('POST', `${api}/v1/reservations`, { job, slice: { shape: '4x4x4' }, leaseSeconds: 300 }, { 'idempotency-key': randomUUID() });
    if (res.status !== 201) {
      t.refused.set(res.status, (t.refused.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`POST /v1/reservations answered ${res.status}: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    accepted.push({ id: res.body.id, what: 'POST /v1/reservations' });
    const active = await rsv.next(res.body.id);
    if (active.status !== 'active') {
      t.failed.push(`${res.body.id} ${active.status}: ${active.reason}`);
      continue;
    }
    t.done.push(performance.now() - started);
    t.ok++;
    const releasing = performance.now();
    await http('DELETE', `${api}/v1/reservations/${res.body.id}`);
    const ended = await rsv.next(res.body.id);
    if (ended.status !== 'released') releases.failed.push(`${res.body.id} ${ended.status}: ${ended.reason}`);
    else {
      releases.done.push(performance.now() - releasing);
      releases.ok++;
    }
  }
}

async function scheduler(api: string, ops: OutcomeWatch, until: number, t: Kind): Promise<void> {
  const [a, b] = SCHEDULER_CUBES;
  for (let i = 0; performance.now() < until; i++) {
    const started = performance.now();
    const links = i % 2 === 0 ? 8 : 16;
    const intent = { kind: 'mesh', links: [{ a, b, links }, { a: b, b: a, links }] };
    const res = await http<{ operation?: { id: string } }>('POST', `${api}/v1/topologies/bench-sched`, { intent });
    if (res.status !== 202) t.refused.set(res.status, (t.refused.get(res.status) ?? 0) + 1);
    else if (res.body.operation) {
      accepted.push({ id: res.body.operation.id, what: 'POST /v1/topologies/bench-sched' });
      const end = await ops.next(res.body.operation.id);
      if (end.status === 'succeeded') {
        t.done.push(performance.now() - started);
        t.ok++;
      } else t.failed.push(`${res.body.operation.id} ${end.status}: ${end.reason}`);
    }
    const next = started + 2_000;
    if (performance.now() < next) await new Promise((r) => setTimeout(r, next - performance.now()));
  }
}

async function main(): Promise<void> {
  const bench = benchEnv('mixed', { COMMAND_TIMEOUT_MS: '20000' });
  http = httpAs(bench.token);
  const pod = await startPod(bench, http);
  const { api, spec } = pod;
  const reader = createRedis(bench.env.REDIS_URL, 'bench-mixed-checker');
  try {
    const [ops, rsv] = await Promise.all([watchOperations(api, bench.token), watchReservations(api, bench.token)]);
    const t = { operators: kind(), launchers: kind(), releases: kind(), scheduler: kind() };
    const switches = spec.switches.map((s) => s.id);
    const start = performance.now();
    const until = start + SECONDS * 1000;
    // The scheduler's topology is in place before the launchers start, so they plan around it.
    const sched = scheduler(api, ops, until, t.scheduler);
    await waitFor('the scheduler topology in place', () => (t.scheduler.ok + t.scheduler.failed.length > 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
    await Promise.all([
      sched,
      ...Array.from({ length: OPERATORS }, (_, i) => {
        const switchId = switches[(i * Math.floor(switches.length / OPERATORS)) % switches.length];
        return operator(api, ops, switchId, operatorPair(spec, switchId), until, t.operators);
      }),
      ...Array.from({ length: LAUNCHERS }, (_, i) => launcher(api, rsv, `mixed-job-${i}`, until, t.launchers, t.releases)),
    ]);
    const measuredS = (performance.now() - start) / 1000;
    ops.close();
    rsv.close();

    const locations = switches.map((switchId) => ({ switchId, stateDir: bench.stateDir }));
    const snapshot = await waitFor(
      'the fabric to be quiet (no operation open, no reservation placing or releasing)',
      async () => {
        const s = await readFabric(reader, bench.name, locations);
        return isQuiet(s) ? s : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const violations = checkFabric(snapshot, accepted);
    const perKind = (k: Kind) => ({ completed: k.ok, perSecond: k.ok / measuredS, latencyMs: summarize(k.done), refused: Object.fromEntries(k.refused), failed: k.failed.length, failures: k.failed.slice(0, 5) });
    const result = {
      machine: describeMachine(),
      seconds: measuredS,
      operators: perKind(t.operators),
      launchers: perKind(t.launchers),
      releases: perKind(t.releases),
      scheduler: perKind(t.scheduler),
      accepted: accepted.length,
      invariantBreaks: violations.length,
      violations: violations.slice(0, 20),
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    const row = (label: string, k: ReturnType<typeof perKind>) =>
      `| ${label} | ${k.completed} | ${k.perSecond.toFixed(1)} | ${k.latencyMs.p50.toFixed(0)} | ${k.latencyMs.p99.toFixed(0)} | ${JSON.stringify(k.refused)} | ${k.failed} |`;
    console.log(`\nbench:mixed on ${result.machine}; ${measuredS.toFixed(1)} s; ${OPERATORS} operators, ${LAUNCHERS} launchers, 1 scheduler every 2 s; 64-cube pod, 48 OCS\n`);
    console.log('| kind | completed | per s | p50 ms | p99 ms | refused | failed |\n|---|---|---|---|---|---|---|');
    console.log(row('operator cross-connect (create or delete, to succeeded)', result.operators));
    console.log(row('launcher reservation (POST to active)', result.launchers));
    console.log(row('launcher release (DELETE to released)', result.releases));
    console.log(row('scheduler topology re-apply (POST to succeeded)', result.scheduler));
    console.log(`\ninvariant breaks after the run: ${violations.length}${violations.length ? `\n${violations.slice(0, 10).map((v) => `  ${v.check}: ${v.detail}`).join('\n')}` : ''}`);
    if (violations.length > 0) process.exitCode = 1;
  } finally {
    await reader.quit().catch(() => undefined);
    await pod.stop();
    rmSync(bench.stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
