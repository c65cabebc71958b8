/**
 * The exact minimal rewiring, for reference: the integer program of rewire-ilp.build.ts over every
 * switch, solved by HiGHS (branch and bound, in a worker thread, with a time limit). It says how far
 * the planner is from the optimum, which the plain and co-location bounds alone cannot.
 *
 * Only for small fabrics (tests and `npm run bench:topology`: 16 x 32, 24 x 48, 32 x 64 blocks x
 * OCS solve in seconds at low churn); the size grows as switches x demanded pairs and the solve time
 * worse than linearly, so nothing on a request path calls it. Undirected (`directed: false`):
 * the target counts T_uv + T_vu per unordered pair and the solver also picks the split.
 *
 * With `start` (a known plan) HiGHS starts from it (a MIP start) and reports its proven dual bound,
 * so a solve stopped by its time limit still gives an upper bound no worse than the start and a
 * proven `lowerBound`: the benchmark's ratios hold between them even where optimality is not proved.
 *
 * `touched` counts as the planner does (types.ts ChangeCounts): removed + added, with circuits on
 * unusable ports always removed. `optimal` is true only when HiGHS proved optimality; otherwise
 * the best plan found (if any) is an upper bound on the optimum, never the optimum.
 */
import type { PortIndex } from '../mesh/port-index.build';
import { solveInProcess, solveWithStart } from '../traffic/highs.in-process';
import type { CrossConnect } from '../types';
import { buildRewireIlp, groupOldCircuits, ilpStartValues, realiseIlpSolution, undirectedTarget } from './rewire-ilp.build';

export interface ExactRewireOptions {
  /** false: the target's counts are per unordered pair and the solver chooses the split; default true. */
  directed?: boolean;
  /** HiGHS time limit; default 120 s. */
  timeLimitMs?: number;
  /**
   * A known plan realising the target (e.g. the planner's): handed to HiGHS as a MIP start, so the
   * search only looks for better and a time-limited answer is never worse than it.
   */
  start?: readonly CrossConnect[];
}

export interface ExactRewireResult {
  status: string;
  /** HiGHS proved the plan optimal. */
  optimal: boolean;
  /** removed + added of the best plan found (the optimum when `optimal`), or undefined when none. */
  touched: number | undefined;
  /** The best plan's cross-connects after the change. */
  crossConnects: CrossConnect[] | undefined;
  /** Size of the program, for reports. */
  columns: number;
  solveMs: number;
  /** A proven lower bound on the optimum's touched (from HiGHS' dual bound); equals `touched` when optimal. */
  lowerBound: number | undefined;
}

export async function solveExactRewire(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: ExactRewireOptions = {}): Promise<ExactRewireResult> {
  const E = index.endpoints.length;
  const directed = options.directed ?? true;
  const { old, forced, usable } = groupOldCircuits(index, current);
  const switches = index.switches.map((_, s) => s);
  const t = directed ? target : undirectedTarget(target, E);
  let total = 0;
  for (let i = 0; i < t.length; i++) total += t[i];
  const ilp = buildRewireIlp({ index, switches, old, target: t, directed });
  // The objective is an integer: a gap below 1 proves optimality.
  const gaps = { mip_rel_gap: 0, mip_abs_gap: 0.5 };
  const limit = options.timeLimitMs ?? 120_000;
  const out = options.start ? await solveWithStart(ilp.lp, ilpStartValues(index, ilp, old, options.start), limit, gaps) : { ...(await solveInProcess(ilp.lp, limit, gaps)), dualBound: undefined };
  // touched = (today's - kept) + (target - kept); the objective is kept circuits, so a bound on it bounds touched.
  const base = usable + forced.length + total;
  const found = out.primal.size > 0 && out.objective !== undefined && (out.status === 'Optimal' || out.status === 'Time limit reached');
  const lowerBound = out.dualBound !== undefined ? Math.max(0, base - 2 * Math.floor(out.dualBound + 1e-6)) : undefined;
  if (!found) return { status: out.status, optimal: false, touched: undefined, crossConnects: undefined, columns: ilp.cols.length, solveMs: out.solveMs, lowerBound };
  const after = realiseIlpSolution(index, ilp, (k) => out.primal.get(`y${k}`) ?? 0, old, switches);
  const crossConnects = [...after.values()].flat();
  const kept = countKept(current, crossConnects);
  const touched = base - 2 * kept;
  return {
    status: out.status,
    optimal: out.status === 'Optimal',
    touched,
    crossConnects,
    columns: ilp.cols.length,
    solveMs: out.solveMs,
    lowerBound: out.status === 'Optimal' ? touched : lowerBound,
  };
}

/** Circuits present (same switch and ports) before and after. */
export function countKept(before: readonly CrossConnect[], after: readonly CrossConnect[]): number {
  const was = new Set(before.map((c) => `${c.switchId}|${c.north}|${c.south}`));
  let kept = 0;
  for (const c of after) if (was.has(`${c.switchId}|${c.north}|${c.south}`)) kept++;
  return kept;
}
