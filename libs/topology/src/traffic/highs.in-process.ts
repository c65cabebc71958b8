/**
 * HiGHS in this thread, its WebAssembly module loaded once per process and kept warm, for many
 * small solves (the rewiring search re-solves a few switches at a time, each a few ms, where a
 * worker's ~100 ms start-up would eat the whole budget). Each solve creates a fresh native solver,
 * so solves share nothing; each blocks the event loop for its own duration, so callers keep them
 * small and pass a time limit. Large one-off solves belong in a worker (highs.runner.ts).
 *
 * `solveInProcess` is the package's one-shot API. `solveWithStart` uses its persistent model API to
 * hand HiGHS a known feasible solution first (a MIP start: branch and bound then only looks for
 * better, and never answers worse than the start) and reads back the proven dual bound, so a solve
 * stopped by its time limit still bounds the optimum from both sides.
 */
import type { HighsOutcome } from './highs.runner';

type Legacy = { Status: string; ObjectiveValue?: number; Columns?: Record<string, { Primal?: number }> };
interface PersistentModel {
  readModel(source: { format: 'lp'; data: string }): unknown;
  options: { set(values: Record<string, number | boolean | string>): unknown };
  info: { get(name: string): number | bigint };
  getColByName(name: string): number;
  getColName(index: number): string;
  getDimensions(): { numCols: number };
  setSolution(solution: { indices: Int32Array; values: Float64Array }): unknown;
  run(): { modelStatus: number };
  getSolution(): { colValue: Float64Array };
  getObjectiveValue(): number;
  dispose(): void;
}
type Highs = {
  solve(lp: string, options?: Record<string, unknown>): Legacy;
  createModel(): PersistentModel;
  constants: { modelStatus: Record<string, number> };
};

let loading: Promise<Highs> | undefined;

function loadHighs(): Promise<Highs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loading ??= (require('highs') as () => Promise<Highs>)();
  return loading;
}

export async function solveInProcess(lp: string, timeLimitMs: number, extraOptions: Record<string, number | boolean | string> = {}): Promise<HighsOutcome> {
  const highs = await loadHighs();
  const t = performance.now();
  let sol;
  try {
    sol = highs.solve(lp, { time_limit: Math.max(0.001, timeLimitMs / 1000), output_flag: false, ...extraOptions });
  } catch (e) {
    // A native abort leaves the module unusable: load a fresh one next time.
    loading = undefined;
    return { status: `Error: ${(e as Error).message}`, objective: undefined, primal: new Map(), solveMs: performance.now() - t };
  }
  const primal = new Map<string, number>();
  for (const [name, col] of Object.entries(sol.Columns ?? {})) primal.set(name, col.Primal ?? 0);
  return { status: sol.Status, objective: sol.ObjectiveValue, primal, solveMs: performance.now() - t };
}

export interface StartedOutcome extends HighsOutcome {
  /** The best bound HiGHS proved on the objective (mip_dual_bound), when it reports one. */
  dualBound: number | undefined;
}

const STATUS: Record<number, string> = { 7: 'Optimal', 8: 'Infeasible', 13: 'Time limit reached' };

/** A MIP solve from a feasible start (column name -> value; columns not named start at 0). */
export async function solveWithStart(
  lp: string,
  start: ReadonlyMap<string, number>,
  timeLimitMs: number,
  extraOptions: Record<string, number | boolean | string> = {},
): Promise<StartedOutcome> {
  const highs = await loadHighs();
  const t = performance.now();
  let model: PersistentModel | undefined;
  try {
    model = highs.createModel();
    model.options.set({ time_limit: Math.max(0.001, timeLimitMs / 1000), output_flag: false, ...extraOptions });
    model.readModel({ format: 'lp', data: lp });
    const n = model.getDimensions().numCols;
    const values = new Float64Array(n);
    for (const [name, v] of start) {
      let k = -1;
      try {
        k = model.getColByName(name);
      } catch {
        // A name the program does not have (e.g. a column the builder left out): nothing to set.
      }
      if (k >= 0) values[k] = v;
    }
    model.setSolution({ indices: Int32Array.from({ length: n }, (_, i) => i), values });
    const code = model.run().modelStatus;
    const primal = new Map<string, number>();
    const x = model.getSolution().colValue;
    for (let k = 0; k < n; k++) primal.set(model.getColName(k), x[k]);
    const dual = Number(model.info.get('mip_dual_bound'));
    return {
      status: STATUS[code] ?? `HiGHS model status ${code}`,
      objective: model.getObjectiveValue(),
      primal,
      solveMs: performance.now() - t,
      dualBound: Number.isFinite(dual) ? dual : undefined,
    };
  } catch (e) {
    loading = undefined;
    return { status: `Error: ${(e as Error).message}`, objective: undefined, primal: new Map(), solveMs: performance.now() - t, dualBound: undefined };
  } finally {
    model?.dispose();
  }
}
