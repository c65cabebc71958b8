/**
 * `npm run bench:placement`: slice placement policies on seeded synthetic job traces (issue 11
 * item 4). Fabric: 4 TPU-v4-style pods of 64 cubes (generateCubePods); traces of job-trace.ts at
 * offered loads 0.7 / 0.8 / 0.9; each policy of slices/placement-score.ts in the loss model
 * (rejections) and the FIFO queue model (waits), several seeds. A replay of the first jobs of one
 * trace through the real slice planner (planSlice on the generated fabric, every slice checked by
 * the torus verifier) shows the simulation's choices are the planner's.
 *
 * Goal: at 0.8 offered load, at least 15% fewer rejections (or queue waits) than first-fit.
 * Prints Markdown; `--write-docs` replaces the section in docs/benchmarks.md.
 */
import { cpus, loadavg } from 'node:os';
import { generateCubePods } from '../../libs/topology/src/generators/cube-pods.generator';
import { buildFabricModel } from '../../libs/topology/src/model/fabric-model';
import { PLACEMENT_POLICIES, type PlacementPolicy } from '../../libs/topology/src/slices/placement-score';
import { planSlice } from '../../libs/topology/src/slices/slice.planner';
import type { CrossConnect } from '../../libs/topology/src/types';
import { verifyTorus } from '../../libs/topology/src/verify/torus.verifier';
import { writeDocsSection } from '../write-docs-section';
import { jobTrace, MIXES, type Job } from './job-trace';
import { simulate, type SimResult } from './simulate';

const HEADING = '## Slice placement (npm run bench:placement)';
const PODS = 4;
const PER_POD = 64;
const JOBS = 20_000;
const SEEDS = [1, 2, 3, 4, 5];
const LOADS = [0.7, 0.8, 0.9];
const REPLAY_JOBS = 400;

/** The policies, and one pool of all cubes without pod boundaries (not realisable: what no fragmentation would give). */
type Policy = PlacementPolicy | 'one pool (reference)';

interface Row {
  mix: string;
  load: number;
  policy: Policy;
  model: 'loss' | 'queue';
  rejected: number;
  counted: number;
  acceptance: number;
  utilisation: number;
  meanWait: number;
  p95Wait: number;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Replays the loss model's first jobs through planSlice; returns mismatches and verifier violations. */
function replay(jobs: readonly Job[], sim: SimResult, policy: PlacementPolicy): { jobs: number; mismatches: number; violations: number } {
  const spec = generateCubePods({ pods: PODS });
  const model = buildFabricModel(spec);
  const live: { end: number; ccs: CrossConnect[]; cubes: string[] }[] = [];
  let mismatches = 0;
  let violations = 0;
  for (const j of jobs.slice(0, REPLAY_JOBS)) {
    for (let i = live.length - 1; i >= 0; i--) if (live[i].end <= j.arrival) live.splice(i, 1);
    const current = live.flatMap((l) => l.ccs);
    const cubeLeases: Record<string, number> = {};
    for (const l of live) for (const c of l.cubes) cubeLeases[c] = l.end;
    let pod = -1;
    try {
      const plan = planSlice(model, { shape: j.shape.shape, twisted: j.shape.twisted, current, placement: policy, leaseEndsAt: j.arrival + j.duration, cubeLeases });
      pod = Number(plan.layout.cubes[0].slice(3, plan.layout.cubes[0].indexOf('-')));
      violations += verifyTorus(spec, plan.crossConnects, plan.layout).length;
      live.push({ end: j.arrival + j.duration, ccs: plan.crossConnects, cubes: plan.layout.cubes });
    } catch {
      pod = -1;
    }
    if (pod !== sim.decisions[j.id]) mismatches++;
  }
  return { jobs: Math.min(REPLAY_JOBS, jobs.length), mismatches, violations };
}

function main(): void {
  const load0 = loadavg()[0].toFixed(2);
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows: Row[] = [];
  for (const mix of Object.keys(MIXES)) {
    for (const load of LOADS) {
      for (const model of ['loss', 'queue'] as const) {
        for (const policy of [...PLACEMENT_POLICIES, 'one pool (reference)' as const]) {
          const runs = SEEDS.map((seed) =>
            policy === 'one pool (reference)'
              ? simulate(jobTrace(mix, JOBS, load, PODS * PER_POD, seed), 1, PODS * PER_POD, 'first-fit', model)
              : simulate(jobTrace(mix, JOBS, load, PODS * PER_POD, seed), PODS, PER_POD, policy, model),
          );
          rows.push({
            mix,
            load,
            policy,
            model,
            rejected: runs.reduce((n, r) => n + r.rejected, 0),
            counted: runs.reduce((n, r) => n + r.counted, 0),
            acceptance: mean(runs.map((r) => r.acceptance)),
            utilisation: mean(runs.map((r) => r.utilisation)),
            meanWait: mean(runs.map((r) => r.meanWait)),
            p95Wait: mean(runs.map((r) => r.p95Wait)),
          });
        }
      }
    }
  }
  const trace = jobTrace('halving', JOBS, 0.8, PODS * PER_POD, SEEDS[0]);
  const check = replay(trace, simulate(trace, PODS, PER_POD, 'lease-aware', 'loss'), 'lease-aware');
  const checkFirst = replay(trace, simulate(trace, PODS, PER_POD, 'first-fit', 'loss'), 'first-fit');
  const section = render(rows, { load: load0, date: started, nproc: cpus().length, node: process.version }, [check, checkFirst]);
  console.log(section);
  if (process.argv.includes('--write-docs')) writeDocsSection(HEADING, section);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function render(rows: Row[], m: { load: string; date: string; nproc: number; node: string }, checks: { jobs: number; mismatches: number; violations: number }[]): string {
  const L = [HEADING, ''];
  L.push(
    `Command: \`npm run bench:placement\` (\`-- --write-docs\` rewrites this section). Run ${m.date} UTC on ${m.nproc} cores, Node ${m.node}, load average ${m.load} at the start (the simulation is CPU-only and its figures do not depend on machine speed). Fabric: ${PODS} TPU-v4-style pods of ${PER_POD} cubes (\`generateCubePods\`); a slice never spans pods. Traces (bench/placement/job-trace.ts): ${JOBS.toLocaleString('en')} jobs per seed, seeds ${SEEDS.join(', ')}, Poisson arrivals, log-normal leases (sigma 1, mean 1), shapes 4x4x4 to 16x16x16 with twisted variants; mixes \`halving\` (each doubling of size half as many jobs) and \`uniform\` (every shape equally often). First 10% of each trace left out as warm-up. Loss model: a job that fits nowhere is rejected; queue model: the orchestrator's rule, a job that fits on arrival is placed at once, the others wait in arrival order and the head blocks the queue until a pod has room for it.`,
    '',
    '| mix | offered load | policy | loss: rejected | loss: acceptance | loss: utilisation | queue: mean wait | queue: p95 wait | queue: utilisation |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows.filter((x) => x.model === 'loss')) {
    const q = rows.find((x) => x.model === 'queue' && x.mix === r.mix && x.load === r.load && x.policy === r.policy)!;
    L.push(`| ${r.mix} | ${r.load} | ${r.policy} | ${r.rejected} of ${r.counted} | ${pct(r.acceptance)} | ${pct(r.utilisation)} | ${q.meanWait.toFixed(3)} | ${q.p95Wait.toFixed(3)} | ${pct(q.utilisation)} |`);
  }
  L.push('', 'Change against first-fit at offered load 0.8 (negative is better):', '');
  L.push('| mix | policy | rejections vs first-fit | mean queue wait vs first-fit |', '|---|---|---:|---:|');
  const verdicts: string[] = [];
  for (const mix of Object.keys(MIXES)) {
    const at = (policy: Policy, model: 'loss' | 'queue') => rows.find((x) => x.mix === mix && x.load === 0.8 && x.policy === policy && x.model === model)!;
    for (const policy of [...PLACEMENT_POLICIES.filter((p) => p !== 'first-fit'), 'one pool (reference)' as const]) {
      const rej = 1 - at(policy, 'loss').rejected / Math.max(1, at('first-fit', 'loss').rejected);
      const wait = 1 - at(policy, 'queue').meanWait / Math.max(1e-12, at('first-fit', 'queue').meanWait);
      L.push(`| ${mix} | ${policy} | ${pct(-rej)} | ${pct(-wait)} |`);
      if (policy === 'lease-aware') verdicts.push(`${mix}: rejections ${pct(-rej)}, mean queue wait ${pct(-wait)}`);
    }
  }
  const fa = (mix: string, model: 'loss' | 'queue', k: 'rejected' | 'meanWait') => {
    const get = (p: PlacementPolicy) => rows.find((x) => x.mix === mix && x.load === 0.8 && x.policy === p && x.model === model)![k];
    return 1 - get('lease-aware') / Math.max(1e-12, get('first-fit'));
  };
  const met = Object.keys(MIXES).every((mix) => fa(mix, 'loss', 'rejected') >= 0.15 || fa(mix, 'queue', 'meanWait') >= 0.15);
  L.push(
    '',
    `Replay through the real planner (planSlice on the ${PODS}-pod fabric, the first ${checks[0].jobs} jobs of the halving trace, seed ${SEEDS[0]}, load 0.8, loss model): lease-aware ${checks[0].mismatches} pod choices differ from the simulation, ${checks[0].violations} torus-verifier violations; first-fit ${checks[1].mismatches} differ, ${checks[1].violations} violations.`,
    '',
    `Goal at least 15% fewer rejections (or queue waits) than first-fit at 0.8 offered load, lease-aware (the planner's default): ${met ? 'met' : 'NOT met'} (${verdicts.join('; ')}).`,
  );
  L.push(
    '',
    'Notes:',
    '',
    '- **Inside one pod placement cannot matter**: every cube reaches every other through each OCS, so any free cubes form any shape, twisted or not (a twist is wiring, not cube choice). Fragmentation exists only between pods, where a slice cannot span two; so the benchmark uses a fabric of 4 pods, and the policies choose the pod (libs/topology/src/slices/placement-score.ts).',
    '- **The loss model leaves placement no room**: even one pool of 256 cubes with no pod boundaries (not realisable; the reference rows) rejects about as many jobs as first-fit (more with the halving mix: a pool accepts more small jobs, which then block large ones). Rejections here come from capacity, not fragmentation, so no pod choice can cut them by 15%; none does.',
    '- **Queue waits are where pods matter**: a large slice waits until a whole pod comes free, and small slices placed at once (the orchestrator\'s backfill) keep pods from coming free. best-fit and fragmentation-aware pack small slices into whichever pod is fullest, which mixes long and short leases in every pod, and wait longer than first-fit. lease-aware puts a slice in the pod whose release time (the latest lease end on it) grows least, so slices that end together share a pod and pods come free whole: mean waits fall by the figures above; its p95 wait is higher than first-fit\'s at 0.9 on the halving mix (a few long waits for whole pods), so it is not better everywhere.',
    '- **Where it is used**: the slice planner takes `placement` (default lease-aware, which is first-fit when the slice has no lease end), `leaseEndsAt` and `cubeLeases`; the orchestrator\'s reservation placer passes its reservation\'s lease end and the other reservations\' lease ends (one ZMSCORE on the expiry index). Shapes and their public source: docs/ocs-facts.md; no public source we found gives the mix of shapes, hence two assumed mixes.',
  );
  return L.join('\n');
}

main();
