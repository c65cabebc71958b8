/**
 * bench:latency: cross-connect latency from POST to applied, through the real path (REST ->
 * Redis claim -> Kafka -> agent -> simulated MEMS mirrors -> Kafka -> Redis -> operation status).
 *
 * Each run POSTs one cross-connect and polls its operation until it succeeds; the control-plane
 * overhead of a run is its total time minus the switching time the simulated switch reports for
 * it (Palomar profile, real timers). The circuit is then deleted (timed separately) so every run
 * starts from the same state. Goal (issue 2): overhead p50 <= 20 ms, p99 <= 50 ms on 2 cores.
 *
 * Usage: npm run bench:latency [-- --runs 300 --poll-ms 1]
 *        npm run bench:latency -- --driver tl1|netconf|gnmi [--runs 100 --profile instant]: what a
 *        management protocol adds, beside the in-process driver (driver-latency.ts)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Operation } from '@lightpath/contracts';
import { startApp, waitFor, type AppProcess } from '@lightpath/testing';
import { benchEnv, httpAs, type Http } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';
import { runDriverLatency } from './driver-latency';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '20' },
    'poll-ms': { type: 'string', default: '1' },
    out: { type: 'string', default: '.run/bench-latency.json' },
    driver: { type: 'string', default: 'mems-sim' },
    profile: { type: 'string', default: 'instant' },
  },
});
const DRIVERS = ['mems-sim', 'tl1', 'netconf', 'gnmi'];
if (!DRIVERS.includes(args.driver!)) {
  console.error(`bench:latency: --driver is one of ${DRIVERS.join(', ')}, not ${JSON.stringify(args.driver)}`);
  process.exit(2);
}
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const POLL_MS = Number(args['poll-ms']);
/** One operation from request to a final status, timed on the caller's side. */
async function timed(
  http: Http,
  api: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ totalMs: number; acceptMs: number; op: Operation }> {
  const start = performance.now();
  const created = await http<Operation>(method, `${api}${path}`, body);
  const acceptMs = performance.now() - start;
  if (created.status !== 202) throw new Error(`${method} ${path} answered ${created.status}: ${JSON.stringify(created.body)}`);
  for (;;) {
    const { body: op } = await http<Operation>('GET', `${api}/v1/operations/${created.body.id}`);
    if (op.status === 'succeeded') return { totalMs: performance.now() - start, acceptMs, op };
    if (op.status === 'failed') throw new Error(`operation failed: ${op.reason}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function main(): Promise<void> {
  // The bench is one caller with an operator token: cross-connects need no more.
  const { env, stateDir, token } = benchEnv('latency', {}, 'operator');
  const http = httpAs(token);
  const procs: AppProcess[] = [];
  try {
    const orch = await startApp('orchestrator', { ...env, ORCH_HTTP_PORT: '0' }, 'orchestrator ready');
    procs.push(orch);
    procs.push(
      await startApp(
        'switch-agent',
        { ...env, AGENT_ID: 'bench', AGENT_SWITCHES: 'ocs-1', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: stateDir, AGENT_PROFILE: 'palomar' },
        'switch agent ready',
      ),
    );
    const api = orch.url;
    await waitFor('ocs-1 to register', async () => (await http<{ switches: unknown[] }>('GET', `${api}/v1/switches`)).body.switches.length === 1);

    const connect = {
      total: [] as number[],
      switching: [] as number[],
      overhead: [] as number[],
      server: [] as number[],
      accept: [] as number[],
      roundTrip: [] as number[],
    };
    const disconnect = { total: [] as number[], switching: [] as number[], overhead: [] as number[] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const north = (i % 136) + 1;
      const south = ((i * 7) % 136) + 1;
      const up = await timed(http, api, 'POST', '/v1/switches/ocs-1/cross-connects', { north, south });
      const down = await timed(http, api, 'DELETE', `/v1/switches/ocs-1/cross-connects/${north}`);
      if (i < WARMUP) continue;
      const sw = up.op.switchingMs ?? 0;
      connect.total.push(up.totalMs);
      connect.switching.push(sw);
      connect.overhead.push(up.totalMs - sw);
      connect.server.push(up.op.updatedAt - up.op.createdAt);
      connect.accept.push(up.acceptMs);
      connect.roundTrip.push(up.op.roundTripMs ?? 0);
      disconnect.total.push(down.totalMs);
      disconnect.switching.push(down.op.switchingMs ?? 0);
      disconnect.overhead.push(down.totalMs - (down.op.switchingMs ?? 0));
    }
    const result = {
      machine: describeMachine(),
      runs: RUNS,
      pollMs: POLL_MS,
      connect: {
        totalMs: summarize(connect.total),
        switchingMs: summarize(connect.switching),
        overheadMs: summarize(connect.overhead),
        serverSideMs: summarize(connect.server),
        acceptedMs: summarize(connect.accept),
        commandRoundTripMs: summarize(connect.roundTrip),
      },
      disconnect: {
        totalMs: summarize(disconnect.total),
        switchingMs: summarize(disconnect.switching),
        overheadMs: summarize(disconnect.overhead),
      },
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    const row = (label: string, s: ReturnType<typeof summarize>) =>
      `| ${label} | ${s.p50.toFixed(2)} | ${s.p90.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.max.toFixed(2)} |`;
    console.log(`\nbench:latency on ${result.machine}; ${RUNS} runs after ${WARMUP} warm-up, poll every ${POLL_MS} ms\n`);
    console.log('| measure (ms) | p50 | p90 | p99 | max |\n|---|---|---|---|---|');
    console.log(row('connect: POST to applied', result.connect.totalMs));
    console.log(row('connect: simulated switching', result.connect.switchingMs));
    console.log(row('connect: control-plane overhead', result.connect.overheadMs));
    console.log(row('connect: POST answered (202)', result.connect.acceptedMs));
    console.log(row('connect: command sent to ack handled', result.connect.commandRoundTripMs));
    console.log(row('disconnect: DELETE to applied', result.disconnect.totalMs));
    console.log(row('disconnect: control-plane overhead', result.disconnect.overheadMs));
    const ok = result.connect.overheadMs.p50 <= 20 && result.connect.overheadMs.p99 <= 50;
    console.log(`\ngoal overhead p50 <= 20 ms and p99 <= 50 ms: ${ok ? 'met' : 'NOT met'}`);
    if (process.env.BENCH_DUMP_LOGS) {
      writeFileSync('.run/bench-orchestrator.log', procs[0].logs());
      writeFileSync('.run/bench-agent.log', procs[1].logs());
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const run =
  args.driver === 'mems-sim'
    ? main()
    : runDriverLatency({ driver: args.driver as 'gnmi', runs: RUNS, warmup: WARMUP, pollMs: POLL_MS, profile: args.profile!, out: args.out!.replace(/\.json$/, `-${args.driver}.json`) });
run.catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
