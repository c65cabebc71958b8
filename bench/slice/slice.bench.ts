/**
 * bench:slice: a full TPU-v4-style pod slice (16x16x16 chips: 64 cubes, 3,072 cross-connects over
 * 48 OCS) applied end to end: POST /v1/topologies/{name} -> plan -> staged operation -> 48 agents'
 * acks -> succeeded. The control-plane time of a run is its total minus the simulated switching
 * time (per stage, the slowest switch's mirrors; stages add up). Goal (issue 4): <= 100 ms at p50;
 * the published figure for a TPU v4 torus reconfiguration is about 10 s end to end.
 *
 * `--agents` agent processes (default 1) share the 48 simulated switches (Palomar profile, real
 * timers). Between runs the slice's cross-connects are deleted so every run starts from an empty pod.
 * The end of each run is read from the event stream (one GET for its per-stage results after).
 *
 * Usage: npm run bench:slice [-- --runs 7 --agents 6]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { StagedOperation } from '@lightpath/contracts';
import { benchEnv, httpAs, startPod } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { watchOperations } from '../support/outcome-watch';
import { summarize } from '../support/stats';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, agents: { type: 'string', default: '1' }, out: { type: 'string', default: '.run/bench-slice.json' } },
});
const RUNS = Number(args.runs);
const AGENTS = Number(args.agents);

async function main(): Promise<void> {
  const bench = benchEnv('slice', { COMMAND_TIMEOUT_MS: '20000' });
  const http = httpAs(bench.token);
  const pod = await startPod(bench, http, { agents: AGENTS });
  const { api } = pod;
  const switchIds = pod.spec.switches.map((s) => s.id);
  const ops = await watchOperations(api, bench.token);
  try {
    const accepted: number[] = [];
    const totals: number[] = [];
    const switching: number[] = [];
    const overhead: number[] = [];
    let crossConnects = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      const res = await http<{ operation?: StagedOperation; plan: { plan: { metrics: { added?: number } } } }>('POST', `${api}/v1/topologies/pod-slice`, {
        intent: { kind: 'slice', shape: [16, 16, 16] },
      });
      const acceptMs = performance.now() - started;
      if (res.status !== 202 || !res.body.operation) throw new Error(`apply answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
      await ops.next(res.body.operation.id);
      const totalMs = performance.now() - started;
      const op = (await http<StagedOperation>('GET', `${api}/v1/operations/${res.body.operation.id}`)).body;
      if (op.status !== 'succeeded') throw new Error(`slice operation ${op.status}: ${op.reason}`);
      const sw = op.stages.reduce((sum, s) => sum + Math.max(0, ...(s.results ?? []).map((r) => r.switchingMs ?? 0)), 0);
      crossConnects = op.stages.reduce((n, s) => n + s.changes.reduce((m, c) => m + c.add.length, 0), 0);
      if (run > 0) {
        // The first run warms the JIT and the connections; it is not counted.
        totals.push(totalMs);
        accepted.push(acceptMs);
        switching.push(sw);
        overhead.push(totalMs - sw);
      }
      // Back to an empty pod: delete every cross-connect, one batch per switch.
      await Promise.all(
        switchIds.map(async (id) => {
          const { body } = await http<{ desired: { north: number }[] }>('GET', `${api}/v1/switches/${id}`);
          if (body.desired.length === 0) return;
          const del = await http<{ id: string }>('POST', `${api}/v1/switches/${id}/cross-connects/delete`, { norths: body.desired.map((c) => c.north) });
          await ops.next(del.body.id);
        }),
      );
    }
    const result = {
      machine: describeMachine(),
      runs: RUNS,
      crossConnects,
      switches: switchIds.length,
      agentProcesses: pod.agents.length,
      totalMs: summarize(totals),
      acceptedMs: summarize(accepted),
      simulatedSwitchingMs: summarize(switching),
      controlPlaneMs: summarize(overhead),
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    if (process.env.BENCH_DUMP_LOGS) {
      writeFileSync('.run/bench-slice-orchestrator.log', pod.orchestrator.logs());
      writeFileSync('.run/bench-slice-agent.log', pod.agents[0].logs());
    }
    const row = (label: string, s: ReturnType<typeof summarize>) => `| ${label} | ${s.p50.toFixed(1)} | ${s.max.toFixed(1)} |`;
    console.log(`\nbench:slice on ${result.machine}; ${RUNS} runs after 1 warm-up; ${crossConnects} cross-connects over ${result.switches} OCS served by ${pod.agents.length} agent process(es)\n`);
    console.log('| measure (ms) | p50 | max |\n|---|---|---|');
    console.log(row('POST to operation succeeded', result.totalMs));
    console.log(row('POST answered (planned, verified, ports claimed)', result.acceptedMs));
    console.log(row('simulated switching (slowest switch per stage)', result.simulatedSwitchingMs));
    console.log(row('control plane (total minus switching)', result.controlPlaneMs));
    console.log(`\ngoal control plane <= 100 ms at p50: ${result.controlPlaneMs.p50 <= 100 ? 'met' : 'NOT met'}`);
  } finally {
    ops.close();
    await pod.stop();
    rmSync(bench.stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
