/**
 * Traffic-aware topology: from a block-to-block traffic matrix, integer link counts under every
 * block's port limits that maximise the share of traffic the direct links carry (the Jupiter
 * objective, defined exactly in traffic-lp.build.ts), realised as cross-connects by mesh/.
 *
 * Algorithm: (1) the LP relaxation, solved by HiGHS in a worker thread with a time limit
 * (highs.runner.ts); its optimum is an upper bound on any integer topology; (2) rounding of the LP
 * (floor, greedy refill by marginal gain, round-links.ts); (3) only if that leaves more than
 * `mipGapTrigger` (default 1%) to the bound and time is left, the MIP in a second worker with the
 * remaining time (stopped at a 0.5% relative gap), the better integer solution kept. Run one after
 * the other, not in parallel: on a 2-core machine two WebAssembly solvers starve each other and the
 * LP alone then misses its time limit. Spare ports are filled at the end; (4) orientation of
 * each pair's circuits north -> south within each block's north and south port counts
 * (orient-links.ts); (4) realisation, one matching per OCS (mesh/realise-mesh.ts). If the solver
 * fails or runs out of time, the greedy runs from zero and no bound is reported.
 *
 * Complexity: the LP (B(B-1) columns, B rows) dominates; J64 solves in well under a second.
 * Invariants: every block within its ports; `objective <= lpBound` (up to solver tolerance).
 * Reference: Poutievski et al., "Jupiter Evolving", SIGCOMM 2022, section 4 (topology engineering).
 */
import { TopologyInvalidArgumentError } from '../errors';
import { portsPerEndpoint, type PortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import type { CrossConnect } from '../types';
import { runHighsInWorker } from './highs.runner';
import { orientLinks } from './orient-links';
import { roundLinks } from './round-links';
import { buildTrafficLp } from './traffic-lp.build';

export interface TrafficTopologyOptions {
  /** Traffic one circuit carries in each direction, in the matrix's units; default 1. */
  linkCapacity?: number;
  /** Time limit for the solver work (LP, then MIP if needed); default 1500 ms. */
  timeLimitMs?: number;
  /** Use ports the objective does not need for extra links between the heaviest pairs; default true. */
  fillSparePorts?: boolean;
  /** Relative gap of the rounded LP above which the MIP is tried with the time left; default 0.01. */
  mipGapTrigger?: number;
}

export interface TrafficTopologyPlan {
  /** Directed link matrix (north endpoint row, south endpoint column) over index.endpoints. */
  links: Int32Array;
  crossConnects: CrossConnect[];
  /** Share of all traffic carried on direct links by the integer topology, in [0, 1]. */
  objective: number;
  /** The LP relaxation's optimum as a share (an upper bound on `objective`), if the solver finished. */
  lpBound: number | undefined;
  /** (lpBound - objective) / lpBound, if known. */
  gap: number | undefined;
  solverStatus: string;
  timings: { lpMs: number; roundMs: number; meshMs: number };
}

const WHERE = 'traffic/planTrafficTopology';

export async function planTrafficTopology(index: PortIndex, traffic: Float64Array, options: TrafficTopologyOptions = {}): Promise<TrafficTopologyPlan> {
  const B = index.endpoints.length;
  const c = options.linkCapacity ?? 1;
  if (!(traffic instanceof Float64Array) || traffic.length !== B * B || traffic.some((x) => !(x >= 0))) {
    throw new TopologyInvalidArgumentError(WHERE, `traffic must be a Float64Array of ${B}x${B} non-negative demands over the index's endpoints`);
  }
  if (!(c > 0)) throw new TopologyInvalidArgumentError(WHERE, `linkCapacity must be > 0, got ${c}`);
  const { north, south } = portsPerEndpoint(index);
  const ports = north.map((n, e) => n + south[e]);
  const lp = buildTrafficLp(traffic, B, ports, c);
  const t0 = performance.now();
  const limit = options.timeLimitMs ?? 1500;
  const outcome = lp.pairs.length > 0 ? await runHighsInWorker(lp.lp, limit) : undefined;
  const solved = outcome?.status === 'Optimal';
  const fractional = new Float64Array(lp.pairs.length);
  if (solved) lp.pairs.forEach((_, k) => (fractional[k] = (outcome.primal.get(`s1_${k}`) ?? 0) + (outcome.primal.get(`s2_${k}`) ?? 0)));
  const rounded = roundLinks(lp, fractional, B, ports, false).n;
  const candidates = [rounded];
  const value = (n: Int32Array) => lp.pairs.reduce((acc, p, k) => acc + Math.min(p.lo, n[k]) + Math.min(p.hi, n[k]), 0);
  const left = limit - (performance.now() - t0);
  let mip: Awaited<ReturnType<typeof runHighsInWorker>> | undefined;
  if (solved && outcome.objective !== undefined && outcome.objective - value(rounded) > (options.mipGapTrigger ?? 0.01) * outcome.objective && left > 400) {
    // ~150 ms of the budget go to starting the worker and loading the WebAssembly module.
    mip = await runHighsInWorker(lp.mip, left - 150, { mip_rel_gap: 0.005 });
    if (mip.primal.size > 0) candidates.push(Int32Array.from(lp.pairs, (_, k) => Math.max(0, Math.round(mip?.primal.get(`n_${k}`) ?? 0))));
  }
  const t1 = performance.now();
  const within = (n: Int32Array) => {
    const used = new Int32Array(B);
    lp.pairs.forEach((p, k) => ((used[p.i] += n[k]), (used[p.j] += n[k])));
    return used.every((u, e) => u <= ports[e]);
  };
  const best = candidates.filter(within).reduce((a, b) => (value(b) > value(a) ? b : a));
  // Top up (greedy gains, then spare ports) from the better integer solution.
  const { n } = roundLinks(lp, Float64Array.from(best), B, ports, options.fillSparePorts ?? true);
  const links = orientLinks(lp.pairs, n, B, north, south, WHERE);
  const t2 = performance.now();
  let carried = 0;
  lp.pairs.forEach((p, k) => (carried += Math.min(p.lo, n[k]) + Math.min(p.hi, n[k])));
  const share = (x: number) => (lp.total > 0 ? (x * c) / lp.total : 1);
  const objective = share(carried);
  // A bound is reported only when the solver proved one: an LP stopped by its time limit proves nothing.
  const lpBound = solved && Number.isFinite(outcome.objective) ? Math.min(1, share(outcome.objective as number)) : lp.pairs.length === 0 ? 1 : undefined;
  const mesh = realiseMesh(index, links);
  const t3 = performance.now();
  return {
    links,
    crossConnects: mesh.crossConnects,
    objective,
    lpBound,
    gap: lpBound === undefined ? undefined : lpBound > 0 ? (lpBound - objective) / lpBound : 0,
    solverStatus: outcome ? `lp: ${outcome.status}; mip: ${mip?.status ?? 'not needed'}` : 'no traffic',
    timings: { lpMs: t1 - t0, roundMs: t2 - t1, meshMs: t3 - t2 },
  };
}
