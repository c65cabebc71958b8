/**
 * bench:reservations: sustained reservation requests per second and admission latency on a
 * TPU-v4-style pod (64 cubes, 48 OCS of 136 x 136, one agent process serving all 48 simulated
 * switches). Goal (issue 4): >= 200 requests/s with admission p99 <= 100 ms.
 *
 * Closed loop: `--clients` launchers, each repeating: POST /v1/reservations for one cube (a 4x4x4
 * slice: 48 cross-connects, one on every OCS) -> wait for `active` on the event stream (one
 * /v1/events stream for the bench) -> DELETE (release, not awaited) -> next. Admission is the POST answered (placement planned and verified, holds and
 * idempotency key written in Redis, setup operation submitted); time to active adds the 48 agents'
 * switching and acks. A 409 (the pod is momentarily full: releases still tearing down) is an
 * answered request too and is counted apart. The first `--warmup` seconds are not counted.
 *
 * Usage: npm run bench:reservations [-- --seconds 30 --clients 32 --warmup 3]
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { waitFor } from '@lightpath/testing';
import { benchEnv, httpAs, startPod, type Http } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { watchReservations, type OutcomeWatch } from '../support/outcome-watch';
import { summarize } from '../support/stats';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '3' },
    out: { type: 'string', default: '.run/bench-reservations.json' },
  },
});
const SECONDS = Number(args.seconds);
/** The bench's authenticated client, set once its fabric exists. */
let http: Http;
const CLIENTS = Number(args.clients);
const WARMUP_S = Number(args.warmup);
interface Tally {
  admission: number[];
  toActive: number[];
  placed: number;
  refused: number;
  other: Map<number, number>;
  /** Each release's teardown, followed on the event stream without holding up its launcher. */
  releases: Promise<void>[];
  toReleased: number[];
  releaseFailures: string[];
}

/** One launcher: reserve, wait until active, release, again, until `until`. */
async function launcher(api: string, events: OutcomeWatch, job: string, until: number, countFrom: number, t: Tally): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    const res = await http<{ id: string; status: string; message?: string }>(
      'POST',
      `${api}/v1/reservations`,
      { job, slice: { shape: '4x4x4' }, priority: 1, leaseSeconds: 300 },
      { 'idempotency-key': randomUUID() },
    );
    const admitted = performance.now();
    const counted = started >= countFrom;
    if (counted) t.admission.push(admitted - started);
    if (res.status === 409) {
      if (counted) t.refused++;
      await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    if (res.status !== 201) {
      if (counted) t.other.set(res.status, (t.other.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
      continue;
    }
    if (counted) t.placed++;
    // Waits on the event stream, as a launcher should: polling would load the API it measures.
    const outcome = await events.next(res.body.id);
    if (outcome.status !== 'active') throw new Error(`reservation ${res.body.id} became ${outcome.status}: ${outcome.reason}`);
    if (counted) t.toActive.push(performance.now() - started);
    const releasing = performance.now();
    await http('DELETE', `${api}/v1/reservations/${res.body.id}`);
    t.releases.push(
      events.next(res.body.id).then((o) => {
        if (o.status !== 'released') t.releaseFailures.push(`${res.body.id} ${o.status}: ${o.reason}`);
        else if (counted) t.toReleased.push(performance.now() - releasing);
      }),
    );
  }
}

async function main(): Promise<void> {
  const bench = benchEnv('rsv', { COMMAND_TIMEOUT_MS: '20000' });
  http = httpAs(bench.token);
  const { stateDir } = bench;
  const pod = await startPod(bench, http);
  const { api } = pod;
  try {
    const events = await watchReservations(api, bench.token);
    const t: Tally = { admission: [], toActive: [], placed: 0, refused: 0, other: new Map(), releases: [], toReleased: [], releaseFailures: [] };
    const start = performance.now();
    const countFrom = start + WARMUP_S * 1000;
    const until = countFrom + SECONDS * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => launcher(api, events, `bench-job-${i}`, until, countFrom, t)));
    // Requests still in flight when the window closed finished after it: divide by the time actually taken.
    const measuredS = (performance.now() - countFrom) / 1000;
    // Every release torn down (its teardown operation applied on all 48 switches) or it is stuck.
    const stuck = await Promise.race([Promise.all(t.releases).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 60_000))]);

    // Burst: the pod emptied, one POST per cube at once. Every one fits, so this is admission alone
    // (plan, holds, setup submitted) at the highest rate the API takes them, apart from switching.
    await waitFor('the pod to be empty', async () => {
      const { body } = await http<{ reservations: { status: string }[] }>('GET', `${api}/v1/reservations?limit=1000`);
      return body.reservations.every((r) => ['released', 'expired', 'preempted', 'failed'].includes(r.status));
    }, { timeoutMs: 120_000, intervalMs: 200 });
    const burstStart = performance.now();
    const burst = await Promise.all(
      Array.from({ length: 64 }, async (_, i) => {
        const s0 = performance.now();
        const r = await http<{ id: string }>('POST', `${api}/v1/reservations`, { job: `burst-${i}`, slice: { shape: '4x4x4' }, leaseSeconds: 300 }, { 'idempotency-key': randomUUID() });
        if (r.status !== 201) throw new Error(`burst POST answered ${r.status}: ${JSON.stringify(r.body)}`);
        return { ms: performance.now() - s0, id: r.body.id };
      }),
    );
    const burstS = (performance.now() - burstStart) / 1000;
    await Promise.all(burst.map((b) => events.next(b.id)));
    const burstActiveS = (performance.now() - burstStart) / 1000;
    events.close();

    const result = {
      machine: describeMachine(),
      clients: CLIENTS,
      seconds: measuredS,
      cubes: 64,
      switches: pod.spec.switches.length,
      crossConnectsPerReservation: 48,
      requests: t.admission.length,
      requestsPerSecond: t.admission.length / measuredS,
      placed: t.placed,
      placedPerSecond: t.placed / measuredS,
      refused409: t.refused,
      otherStatuses: Object.fromEntries(t.other),
      admissionMs: summarize(t.admission),
      timeToActiveMs: summarize(t.toActive),
      releaseToReleasedMs: summarize(t.toReleased),
      releaseFailures: t.releaseFailures,
      stuckAfter60s: stuck,
      burst: { requests: 64, answeredInS: burstS, perSecond: 64 / burstS, admissionMs: summarize(burst.map((b) => b.ms)), allActiveInS: burstActiveS },
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    const row = (label: string, s: ReturnType<typeof summarize>) => `| ${label} | ${s.p50.toFixed(1)} | ${s.p90.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`;
    console.log(`\nbench:reservations on ${result.machine}; ${CLIENTS} launchers for ${measuredS.toFixed(1)} s after ${WARMUP_S} s warm-up; 64-cube pod, 48 OCS\n`);
    console.log(`requests answered: ${result.requests} (${result.requestsPerSecond.toFixed(1)}/s); placed: ${t.placed} (${result.placedPerSecond.toFixed(1)}/s); 409 pod full: ${t.refused}; other: ${JSON.stringify(result.otherStatuses)}\n`);
    console.log('| measure (ms) | p50 | p90 | p99 | max |\n|---|---|---|---|---|');
    console.log(row('admission (POST answered)', result.admissionMs));
    console.log(row('time to active (POST to status active)', result.timeToActiveMs));
    console.log(row('teardown (DELETE to status released)', result.releaseToReleasedMs));
    console.log(row('burst of 64 at once on the empty pod: admission', result.burst.admissionMs));
    console.log(`\nburst: 64 POSTs answered in ${(burstS * 1000).toFixed(0)} ms (${result.burst.perSecond.toFixed(0)}/s); all 64 active after ${(burstActiveS * 1000).toFixed(0)} ms`);
    console.log(`releases failed: ${t.releaseFailures.length}; teardowns still running 60 s after the window: ${stuck ? 'some (stuck)' : 'none'}`);
    const met = result.requestsPerSecond >= 200 && result.admissionMs.p99 <= 100 && result.timeToActiveMs.p99 <= 500 && !stuck && t.releaseFailures.length === 0;
    console.log(`\ngoal >= 200 requests/s, admission p99 <= 100 ms, time to active p99 <= 500 ms, none lost or stuck: ${met ? 'met' : 'NOT met'}`);
  } finally {
    await pod.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
