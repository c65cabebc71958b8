/**
 * Issue 10's speed goals for the clients, measured (never asserted):
 * - `ocsctl get switches` on the 48-OCS pod, process start to output, beside a bare `node -e 0`;
 * - the console's first meaningful paint (every switch counted in the overview) with a 1,000-switch
 *   fabric in headless Chromium, from navigation start;
 * - the heat map of a 320 x 320 switch redrawn (drawHeatmap of apps/orchestrator/ui, in Chromium).
 * Usage: npm run bench:clients [-- --runs 20 --switches 1000 --only ocsctl|console]
 */
import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { launchChromium, startApp, waitFor } from '@lightpath/testing';
import { benchEnv, httpAs, startPod } from '../support/bench-env';
import { loadavg } from 'node:os';
import { describeMachine } from '../support/machine';
import { summarize } from '../support/stats';

// Code handed to page.evaluate runs in the page; the benchmarks compile without the DOM library.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, sessionStorage: any;

const run = promisify(execFile);

/** Draws a full 320 x 320 switch 50 times with the console's own drawHeatmap; resolves with each draw's ms. */
const HEATMAP_BENCH = `(async () => {
  const { drawHeatmap } = await import('/ui/heatmap.js');
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const ports = 320;
  const map = {
    northPorts: ports,
    southPorts: ports,
    active: Array.from({ length: ports }, (_, i) => ({ north: i + 1, south: ((i * 7) % ports) + 1, lossDb: 0.5 + (i % 25) / 10 })),
    unhealthyPorts: Array.from({ length: 8 }, (_, i) => ({ side: i % 2 ? 'south' : 'north', port: i * 40 + 1, health: 'failed' })),
    pending: Array.from({ length: 8 }, (_, i) => ({ side: 'north', port: i * 40 + 3, operationId: 'op' })),
  };
  const took = [];
  for (let i = 0; i < 50; i++) took.push(drawHeatmap(canvas, map));
  return took;
})()`;
const ROOT = resolve(__dirname, '../../..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 20);
const SWITCHES = arg('switches', 1000);
const fmt = (s: ReturnType<typeof summarize>, digits = 0) => `p50 ${s.p50.toFixed(digits)} ms, p90 ${s.p90.toFixed(digits)} ms, max ${s.max.toFixed(digits)} ms (n=${s.n})`;

async function timed(cmd: string, args: string[], env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  await run(cmd, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function ocsctlOnPod(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build:ocsctl'], { cwd: ROOT, stdio: 'inherit' });
  const bench = benchEnv('ocsctl');
  const pod = await startPod(bench, httpAs(bench.token));
  try {
    const env = { HOME: bench.stateDir, LIGHTPATH_SERVER: pod.api, LIGHTPATH_TOKEN: bench.token };
    const bin = resolve(ROOT, 'apps/ocsctl/bin/ocsctl.js');
    await timed(process.execPath, [bin, 'get', 'switches'], env); // warm the file cache
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cli.push(await timed(process.execPath, [bin, 'get', 'switches'], env));
      bare.push(await timed(process.execPath, ['-e', '0'], {}));
    }
    console.log(`ocsctl get switches (48-OCS pod), process start to exit: ${fmt(summarize(cli))}`);
    console.log(`node -e 0 (Node start-up alone):                      ${fmt(summarize(bare))}`);
  } finally {
    await pod.stop();
    rmSync(bench.stateDir, { recursive: true, force: true });
  }
}

async function consoleFigures(): Promise<void> {
  const bench = benchEnv('console');
  const ids = Array.from({ length: SWITCHES }, (_, i) => `ocs-${i}`);
  const orchestrator = await startApp('orchestrator', { ...bench.env, ORCH_HTTP_PORT: '0', ORCH_ID: 'bench' }, 'orchestrator ready');
  // Small simulated switches: the overview's cost is the switch count, not their ports.
  const agent = await startApp(
    'switch-agent',
    { ...bench.env, AGENT_ID: 'bench-many', AGENT_SWITCHES: ids.join(','), AGENT_PORTS: '32', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: bench.stateDir, AGENT_HEARTBEAT_MS: '10000' },
    'switch agent ready',
    { timeoutMs: 300_000 },
  );
  const browser = await launchChromium();
  try {
    const http = httpAs(bench.token);
    await waitFor(`${SWITCHES} switches to register`, async () => (await http<{ switches: unknown[] }>('GET', `${orchestrator.url}/v1/switches`)).body.switches.length === SWITCHES, { timeoutMs: 300_000 });
    const paints: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      await context.addInitScript((token) => sessionStorage.setItem('lightpath.token', token), bench.token);
      const page = await context.newPage();
      await page.goto(`${orchestrator.url}/ui/#/fabric`);
      await page.waitForFunction((n) => (document.querySelector('#cards')?.textContent ?? '').includes(`${n} switches`) && document.querySelectorAll('#switches tbody tr').length > 0, SWITCHES, { timeout: 60_000 });
      paints.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    console.log(`console first meaningful paint, ${SWITCHES} switches (navigation start to the overview drawn): ${fmt(summarize(paints))}`);
    const page = await browser.newPage();
    await page.goto(`${orchestrator.url}/ui/`);
    // A string, not a function: tsc would compile the dynamic import inside it into a require() helper the page lacks.
    const draws = (await page.evaluate(HEATMAP_BENCH)) as number[];
    console.log(`heat map 320x320 (320 lit circuits, 8 failed and 8 held ports) redrawn: ${fmt(summarize(draws), 2)}, mean ${(draws.reduce((a, b) => a + b, 0) / draws.length).toFixed(2)} ms`);
  } finally {
    await browser.close();
    await Promise.all([agent.stop(), orchestrator.stop()]);
    rmSync(bench.stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`${describeMachine()}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // --only ocsctl | console runs one half.
  const only = process.argv[process.argv.indexOf('--only') + 1];
  if (!process.argv.includes('--only') || only === 'ocsctl') await ocsctlOnPod();
  if (!process.argv.includes('--only') || only === 'console') await consoleFigures();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
