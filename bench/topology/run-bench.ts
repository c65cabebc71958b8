/**
 * `npm run bench:topology`: the topology engine's benchmark, with the networkx and scipy peers run
 * in the same process tree on the same instances (bench-cases.ts, peers.py). Prints a Markdown
 * section; with `--write-docs` also replaces the section `## Topology engine (npm run
 * bench:topology)` in docs/benchmarks.md, leaving every other section alone.
 *
 * Goals (issue 3): J64 factorisation median <= 20 ms; rewiring at 1/5/10/25% churn <= 1.2 x the
 * lower bound in <= 200 ms; traffic-aware topology within 2% of the LP bound in <= 2 s; a full
 * pod slice plan in <= 10 ms; 1,000 OCS of 320 ports planned in <= 5 s and <= 2 GB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { j64Case, rewireCases, scaleCase, sliceCase, trafficCase } from './bench-cases';
import { exactCases, j64SearchCases } from './exact-cases';
import { lpCases, renderLpSection } from './lp-cases';
import { renderExactSection } from './render-exact';
import { renderSection } from './render-section';
import { REPO_ROOT, writeDocsSection } from '../write-docs-section';

const HEADING = '## Topology engine (npm run bench:topology)';
const EXACT_HEADING = '## Rewiring against the exact optimum (npm run bench:topology)';
const LP_HEADING = '## Rewiring against the LP bound (npm run bench:topology -- --only lp)';
const ROOT = REPO_ROOT;

function ensurePeers(): string | undefined {
  const probe = () => spawnSync('python3', ['-c', 'import scipy, networkx'], { stdio: 'ignore' }).status === 0;
  if (probe()) return undefined;
  console.error('bench: installing scipy and networkx for the peers (python3 -m pip install --user)');
  const r = spawnSync('python3', ['-m', 'pip', 'install', '--user', '--quiet', 'scipy', 'networkx'], { stdio: 'inherit' });
  if (r.status !== 0 || !probe()) return 'python3 with scipy and networkx is not available; peers skipped';
  return undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes('--scale')) {
    process.stdout.write(JSON.stringify(scaleCase()));
    return;
  }
  const load = loadavg()[0].toFixed(2);
  const stamp = { load, nproc: cpus().length, date: new Date().toISOString().slice(0, 16).replace('T', ' ') };
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only !== undefined && only !== 'exact' && only !== 'search' && only !== 'lp') throw new Error(`--only takes "exact", "search" or "lp", got ${only}`);
  if (only === 'lp') {
    // Not part of the full run: two long budgets and two J64 LPs take about ten minutes.
    const skipped = ensurePeers();
    if (skipped) throw new Error(skipped);
    const lp = renderLpSection(LP_HEADING, await lpCases((line) => console.error(line)), stamp);
    console.log(lp);
    if (process.argv.includes('--write-docs')) writeDocsSection(LP_HEADING, lp);
    return;
  }
  if (only === 'search') {
    // The J64 search rows alone (quick): printed, not written to the docs.
    console.log(renderExactSection(EXACT_HEADING, [], stamp, await j64SearchCases((line) => console.error(line))));
    return;
  }
  if (only === 'exact' || only === undefined) {
    console.error('bench: rewiring against the exact optimum (HiGHS)');
    const rows = await exactCases((line) => console.error(line));
    const exact = renderExactSection(EXACT_HEADING, rows, stamp, await j64SearchCases((line) => console.error(line)));
    console.log(exact);
    if (process.argv.includes('--write-docs')) writeDocsSection(EXACT_HEADING, exact);
    if (only === 'exact') return;
  }
  console.error('bench: J64 factorisation');
  const j64 = j64Case();
  console.error('bench: rewiring');
  const rewires = rewireCases(j64, 'link-swaps');
  const circuitRewires = rewireCases(j64, 'circuit-swaps');
  console.error('bench: traffic-aware topology');
  const traffic = await trafficCase(j64.index);
  console.error('bench: TPU pod slices');
  const slice = sliceCase();
  console.error('bench: scale case (child process)');
  const child = spawnSync(process.execPath, [__filename, '--scale'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`scale case failed: ${child.stderr}`);
  const scale = JSON.parse(child.stdout);
  console.error('bench: peers (python3: scipy, networkx)');
  const skipped = ensurePeers();
  let peers: Record<string, unknown> | undefined;
  if (!skipped) {
    const dir = mkdtempSync(join(tmpdir(), 'lightpath-bench-'));
    const input = join(dir, 'instances.json');
    writeFileSync(
      input,
      JSON.stringify({
        j64: Array.from({ length: 64 }, (_, u) => Array.from(j64.demand.subarray(u * 64, u * 64 + 64))),
        relabel: rewires.map((r) => r.relabelInput),
        traffic: { B: 64, T: Array.from(traffic.traffic), ports: traffic.ports, capacity: 1 },
      }),
    );
    peers = JSON.parse(execFileSync('python3', [join(ROOT, 'bench/topology/peers.py'), input], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  }
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    load,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
  const section = renderSection(HEADING, { machine, j64, rewires, circuitRewires, traffic, slice, scale, peers, skipped });
  console.log(section);
  if (process.argv.includes('--write-docs')) writeDocsSection(HEADING, section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
