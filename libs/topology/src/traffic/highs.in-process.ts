/**
 * HiGHS in this thread, its WebAssembly module loaded once per process and kept warm, for many
 * small solves (the rewiring search re-solves a few switches at a time, each a few ms, where a
 * worker's ~100 ms start-up would eat the whole budget). Each solve creates a fresh native solver
 * (the package's one-shot API), so solves share nothing; each blocks the event loop for its own
 * duration, so callers keep them small and pass a time limit. Large one-off solves belong in a
 * worker (highs.runner.ts).
 */
import type { HighsOutcome } from './highs.runner';

type Highs = { solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue?: number; Columns?: Record<string, { Primal?: number }> } };

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
