/**
 * bench:latency --driver tl1|netconf|gnmi: what a management protocol adds to a cross-connect,
 * measured beside the in-process driver in the same run. One agent serves ocs-0 in-process
 * (mems-sim) and ocs-1 over the protocol against apps/switch-sim (its own process, the same mems-sim
 * crossbar behind a socket), both on the same mirror profile. Each iteration makes and removes a
 * single pair and then a 136-pair batch on each switch, alternating, so load drifts hit both alike.
 *
 * The remote switch reports no switching time over any protocol, so its overhead above switching is
 * its total minus the switching time the in-process crossbar reported for the same step (same
 * profile, same seedless distribution); with --profile instant (the default here) both are ~0 and
 * the difference of the totals is the protocol's own cost. Goal (issue 9): <= 5 ms p50 added per
 * single pair; a 136-pair batch is one protocol exchange (checked by the integration tests, which
 * count the exchanges; here its time is reported).
 */
import { writeFileSync } from 'node:fs';
import type { Operation } from '@lightpath/contracts';
import { freePort, startApp, waitFor, type AppProcess } from '@lightpath/testing';
import { benchEnv, httpAs, type Http } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';

export interface DriverLatencyOptions {
  driver: 'tl1' | 'netconf' | 'gnmi';
  runs: number;
  warmup: number;
  pollMs: number;
  profile: string;
  out: string;
}

async function timed(http: Http, api: string, path: string, body: unknown, pollMs: number): Promise<{ totalMs: number; op: Operation }> {
  const start = performance.now();
  const created = await http<Operation>('POST', `${api}${path}`, body);
  if (created.status !== 202) throw new Error(`POST ${path} answered ${created.status}: ${JSON.stringify(created.body)}`);
  for (;;) {
    const { body: op } = await http<Operation>('GET', `${api}/v1/operations/${created.body.id}`);
    if (op.status === 'succeeded') return { totalMs: performance.now() - start, op };
    if (op.status === 'failed') throw new Error(`operation on ${path} failed: ${op.reason}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function runDriverLatency(o: DriverLatencyOptions): Promise<void> {
  const { env, stateDir, token } = benchEnv(`latency-${o.driver}`, {}, 'operator');
  const http = httpAs(token);
  const procs: AppProcess[] = [];
  const password = `bench-${Date.now().toString(36)}`;
  try {
    const devicePort = await freePort();
    procs.push(await startApp('switch-sim', { SIM_SWITCHES: `ocs-1=${o.driver}:${devicePort}`, SIM_PASSWORD: password, SIM_PROFILE: o.profile, SIM_STATE_DIR: `${stateDir}/sim`, SIM_HTTP_PORT: '0' }, 'switch sim ready'));
    const orch = await startApp('orchestrator', { ...env, ORCH_HTTP_PORT: '0' }, 'orchestrator ready');
    procs.push(orch);
    procs.push(
      await startApp(
        'switch-agent',
        { ...env, AGENT_ID: 'bench', AGENT_SWITCHES: 'ocs-0,ocs-1', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: stateDir, AGENT_PROFILE: o.profile, AGENT_DRIVERS: `ocs-1=${o.driver}://127.0.0.1:${devicePort}`, AGENT_DRIVER_PASSWORD: password, AGENT_DRIVER_RESYNC_MS: '0' },
        'switch agent ready',
      ),
    );
    const api = orch.url;
    await waitFor('both switches to register', async () => (await http<{ switches: unknown[] }>('GET', `${api}/v1/switches`)).body.switches.length === 2, { timeoutMs: 60_000 });
    const batch = Array.from({ length: 136 }, (_, i) => ({ north: i + 1, south: ((i * 7) % 136) + 1 }));
    const m = { single: { 'ocs-0': [] as number[], 'ocs-1': [] as number[] }, batch: { 'ocs-0': [] as number[], 'ocs-1': [] as number[] }, switching: { single: [] as number[], batch: [] as number[] } };
    for (let i = 0; i < o.warmup + o.runs; i++) {
      const north = (i % 136) + 1;
      const south = ((i * 5) % 136) + 1;
      for (const sw of ['ocs-0', 'ocs-1'] as const) {
        const one = await timed(http, api, `/v1/switches/${sw}/cross-connects`, { north, south }, o.pollMs);
        await timed(http, api, `/v1/switches/${sw}/cross-connects/delete`, { norths: [north] }, o.pollMs);
        const many = await timed(http, api, `/v1/switches/${sw}/cross-connects`, { crossConnects: batch }, o.pollMs);
        await timed(http, api, `/v1/switches/${sw}/cross-connects/delete`, { norths: batch.map((p) => p.north) }, o.pollMs);
        if (i < o.warmup) continue;
        // The in-process crossbar's reported switching time stands for the remote one's (same profile).
        if (sw === 'ocs-0') {
          m.switching.single.push(one.op.switchingMs ?? 0);
          m.switching.batch.push(many.op.switchingMs ?? 0);
        }
        m.single[sw].push(one.totalMs - (m.switching.single.at(-1) ?? 0));
        m.batch[sw].push(many.totalMs - (m.switching.batch.at(-1) ?? 0));
      }
    }
    const s = (xs: number[]) => summarize(xs);
    const result = {
      machine: describeMachine(),
      driver: o.driver,
      profile: o.profile,
      runs: o.runs,
      overheadMs: { single: { inProcess: s(m.single['ocs-0']), remote: s(m.single['ocs-1']) }, batch136: { inProcess: s(m.batch['ocs-0']), remote: s(m.batch['ocs-1']) } },
      switchingMs: { single: s(m.switching.single), batch136: s(m.switching.batch) },
    };
    writeFileSync(o.out, JSON.stringify(result, null, 2));
    const row = (label: string, x: ReturnType<typeof summarize>) => `| ${label} | ${x.p50.toFixed(2)} | ${x.p90.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.max.toFixed(2)} |`;
    console.log(`\nbench:latency --driver ${o.driver} on ${result.machine}; ${o.runs} runs after ${o.warmup} warm-up, profile ${o.profile}, poll every ${o.pollMs} ms\n`);
    console.log('| control-plane overhead above switching (ms) | p50 | p90 | p99 | max |\n|---|---|---|---|---|');
    console.log(row('single pair, in-process mems-sim', result.overheadMs.single.inProcess));
    console.log(row(`single pair, ${o.driver} -> switch-sim`, result.overheadMs.single.remote));
    console.log(row('136-pair batch, in-process mems-sim', result.overheadMs.batch136.inProcess));
    console.log(row(`136-pair batch, ${o.driver} -> switch-sim`, result.overheadMs.batch136.remote));
    const added = result.overheadMs.single.remote.p50 - result.overheadMs.single.inProcess.p50;
    console.log(`\n${o.driver} adds ${added.toFixed(2)} ms p50 to a single pair (goal <= 5 ms: ${added <= 5 ? 'met' : 'NOT met'}) and ${(result.overheadMs.batch136.remote.p50 - result.overheadMs.batch136.inProcess.p50).toFixed(2)} ms p50 to a 136-pair batch`);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}
