/**
 * Runs HiGHS (the `highs` package, HiGHS compiled to WebAssembly) on a CPLEX-LP string in a
 * worker thread, with a time limit, so a large solve never blocks the caller's event loop.
 *
 * The worker is plain JavaScript passed with `eval: true` (so it runs the same from the compiled
 * build and from the TypeScript test runner); it loads `highs` by absolute path resolved here.
 * The time limit is given to HiGHS (`time_limit`, seconds) and enforced again from outside: past
 * limit + 1 s the worker is terminated and the promise resolves with status 'Time limit reached'
 * and no values, so callers fall back to their heuristic.
 *
 * Complexity: one worker start (~100 ms to instantiate the WebAssembly module) plus the solve.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface HighsOutcome {
  status: string;
  objective: number | undefined;
  /** Primal value by column name (empty when the solve did not finish). */
  primal: Map<string, number>;
  solveMs: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const load = require(workerData.highsPath);
load().then((highs) => {
  const t = Date.now();
  const sol = highs.solve(workerData.lp, workerData.options);
  const names = [];
  const values = [];
  for (const [name, col] of Object.entries(sol.Columns || {})) { names.push(name); values.push(col.Primal); }
  parentPort.postMessage({ status: sol.Status, objective: sol.ObjectiveValue, names, values, solveMs: Date.now() - t });
}).catch((err) => parentPort.postMessage({ status: 'Error: ' + (err && err.message ? err.message : String(err)), names: [], values: [] }));
`;

function highsPath(): string {
  const base = typeof __filename === 'string' ? __filename : `${process.cwd()}/package.json`;
  return createRequire(base).resolve('highs');
}

export function runHighsInWorker(lp: string, timeLimitMs: number, extraOptions: Record<string, number | boolean | string> = {}): Promise<HighsOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { lp, highsPath: highsPath(), options: { time_limit: timeLimitMs / 1000, output_flag: false, ...extraOptions } },
    });
    let settled = false;
    const finish = (o: HighsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(o);
    };
    const timer = setTimeout(
      () => finish({ status: 'Time limit reached', objective: undefined, primal: new Map(), solveMs: Date.now() - started }),
      timeLimitMs + 1000,
    );
    worker.once('message', (m: { status: string; objective?: number; names: string[]; values: number[]; solveMs?: number }) => {
      const primal = new Map<string, number>();
      m.names.forEach((n, i) => primal.set(n, m.values[i]));
      finish({ status: m.status, objective: m.objective, primal, solveMs: m.solveMs ?? Date.now() - started });
    });
    worker.once('error', (err) => finish({ status: `Error: ${err.message}`, objective: undefined, primal: new Map(), solveMs: Date.now() - started }));
  });
}
