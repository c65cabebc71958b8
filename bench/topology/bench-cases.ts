/**
 * The benchmark cases of `npm run bench:topology`, each on a seeded instance so the peers (peers.py)
 * solve exactly the same problem. Timings are medians of repeated runs after a warm-up.
 */
import { generateBlockFabric } from '../../libs/topology/src/generators/block-fabric.generator';
import { generateCubePod } from '../../libs/topology/src/generators/cube-pod.generator';
import { buildPortIndex, type PortIndex } from '../../libs/topology/src/mesh/port-index.build';
import { churn, churnByCircuitSwaps, randomDemand, rng } from '../../libs/topology/src/mesh/random-instances';
import { realiseMesh } from '../../libs/topology/src/mesh/realise-mesh';
import { buildFabricModel } from '../../libs/topology/src/model/fabric-model';
import { planRewire } from '../../libs/topology/src/rewire/plan-rewire';
import { planSlice } from '../../libs/topology/src/slices/slice.planner';
import { planStages } from '../../libs/topology/src/staging/plan-stages';
import { gravityTraffic } from '../../libs/topology/src/traffic/gravity-traffic';
import { planTrafficTopology } from '../../libs/topology/src/traffic/plan-traffic-topology';
import type { CrossConnect } from '../../libs/topology/src/types';
import { verifyCrossConnects } from '../../libs/topology/src/verify/cross-connects.verifier';
import { verifyDiff } from '../../libs/topology/src/verify/diff.verifier';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall time and median CPU time (user + system of this process) per run. On a busy machine
 * the two differ; the CPU figure is what the same single-threaded code costs on an idle core.
 */
export function timeIt<T>(fn: () => T, runs: number, warmup = 2): { ms: number; cpuMs: number; result: T } {
  let result = fn();
  for (let i = 1; i < warmup; i++) result = fn();
  const ts: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = fn();
    ts.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { ms: median(ts), cpuMs: median(cpu), result };
}

/** perms[s][u] = v for a fabric with one port per block per side on every OCS. */
export function permsOf(index: PortIndex, ccs: readonly CrossConnect[]): number[][] {
  const perms = index.switches.map(() => new Array<number>(index.endpoints.length).fill(-1));
  for (const c of ccs) {
    const s = index.switchIndex.get(c.switchId) as number;
    perms[s][index.northOwner[s][c.north]] = index.southOwner[s][c.south];
  }
  return perms;
}

export function j64Case() {
  const spec = generateBlockFabric();
  const index = buildPortIndex(spec);
  const demand = randomDemand(64, 256, rng(2026));
  const { ms, cpuMs, result } = timeIt(() => realiseMesh(index, demand), 21, 3);
  const violations = verifyCrossConnects(spec, result.crossConnects).length;
  return { spec, index, demand, mesh: result, ms, cpuMs, violations };
}

export function rewireCases(j64: ReturnType<typeof j64Case>, model: 'link-swaps' | 'circuit-swaps') {
  const rand = rng(model === 'link-swaps' ? 7 : 8);
  const perms = permsOf(j64.index, j64.mesh.crossConnects).map((p) => Int32Array.from(p));
  return [1, 5, 10, 25].map((pct) => {
    const moved = Math.round((pct / 100) * 16384);
    const generated = model === 'link-swaps' ? { target: churn(j64.demand, 64, moved, rand), exchanges: undefined } : churnByCircuitSwaps(perms, 64, moved, rand);
    const target = generated.target;
    const { ms, cpuMs, result } = timeIt(() => planRewire(j64.index, j64.mesh.crossConnects, target), 7, 2);
    const violations = verifyCrossConnects(j64.spec, result.crossConnects).length + verifyDiff(j64.mesh.crossConnects, result.crossConnects, result.changes, result.counts).length;
    const stages = planStages(j64.index, j64.mesh.crossConnects, result.changes);
    const scratch = realiseMesh(j64.index, target);
    return {
      pct,
      ms,
      cpuMs,
      violations,
      touched: result.counts.touched,
      lowerBound: result.lowerBound,
      ratio: result.ratio,
      colocationBound: result.colocationBound,
      generatingPlan: generated.exchanges === undefined ? undefined : 4 * generated.exchanges,
      stages: stages.stages.length,
      stageLowerBound: stages.lowerBound,
      relabelInput: { old: permsOf(j64.index, j64.mesh.crossConnects), new: permsOf(j64.index, scratch.crossConnects) },
    };
  });
}

export async function trafficCase(index: PortIndex) {
  const load = 0.8;
  const traffic = gravityTraffic(64, 64 * 512 * load, 42, 1);
  const runs: number[] = [];
  let plan: Awaited<ReturnType<typeof planTrafficTopology>> | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    plan = await planTrafficTopology(index, traffic);
    runs.push(performance.now() - t);
  }
  const p = plan as NonNullable<typeof plan>;
  const ports = Array.from({ length: 64 }, () => 512);
  return { load, ms: median(runs), objective: p.objective, lpBound: p.lpBound, gap: p.gap, status: p.solverStatus, traffic, ports };
}

export function sliceCase() {
  const spec = generateCubePod();
  const model = buildFabricModel(spec);
  const full = timeIt(() => planSlice(model, { shape: [16, 16, 16] }), 21, 3);
  const twisted = timeIt(() => planSlice(model, { shape: [4, 8, 8], twisted: true }), 21, 3);
  return {
    fullMs: full.ms,
    fullCpuMs: full.cpuMs,
    fullCrossConnects: full.result.crossConnects.length,
    twistedMs: twisted.ms,
    twistedCpuMs: twisted.cpuMs,
    twistedCrossConnects: twisted.result.crossConnects.length,
  };
}

/** Run in a child process so its peak RSS is its own: 320 blocks x 1,000 OCS of 320 x 320 ports. */
export function scaleCase() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const spec = generateBlockFabric({ blocks: 320, uplinks: 2000, ocs: 1000, portsPerOcs: 320, name: 'scale-1000' });
  const t1 = performance.now();
  const index = buildPortIndex(spec);
  const t2 = performance.now();
  const rand = rng(99);
  const demand = randomDemand(320, 1000, rand);
  const t3 = performance.now();
  const mesh = realiseMesh(index, demand);
  const t4 = performance.now();
  const planCpu = process.cpuUsage(cpu0);
  const target = churn(demand, 320, Math.round(0.01 * 320_000), rand);
  const t5 = performance.now();
  const c5 = process.cpuUsage();
  const rewire = planRewire(index, mesh.crossConnects, target);
  const c6 = process.cpuUsage(c5);
  const t6 = performance.now();
  const mem = process.memoryUsage();
  const rewireViolations = verifyCrossConnects(spec, rewire.crossConnects).length + verifyDiff(mesh.crossConnects, rewire.crossConnects, rewire.changes, rewire.counts).length;
  // Before (issue 11 item 5): path placement alone, as the planner was; one run, it takes seconds.
  const t7 = performance.now();
  const paths = planRewire(index, mesh.crossConnects, target, { swapChains: false });
  const t8 = performance.now();
  return {
    switches: 1000,
    switchPorts: 1000 * 640,
    circuits: mesh.crossConnects.length,
    specMs: t1 - t0,
    indexMs: t2 - t1,
    meshMs: t4 - t3,
    rewireMs: t6 - t5,
    rewireCpuMs: (c6.user + c6.system) / 1000,
    rewireRatio: rewire.ratio,
    rewireTouched: rewire.counts.touched,
    rewireLowerBound: rewire.lowerBound,
    rewireColocationBound: rewire.colocationBound,
    rewireViolations,
    pathsMs: t8 - t7,
    pathsTouched: paths.counts.touched,
    pathsRatio: paths.ratio,
    plannedMs: t2 - t1 + (t4 - t3),
    // CPU of spec generation + index + demand + mesh (an upper bound on the planning CPU).
    cpuUpToPlanMs: (planCpu.user + planCpu.system) / 1000,
    heapUsedMB: mem.heapUsed / 2 ** 20,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}
