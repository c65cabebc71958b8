/**
 * Runs HiGHS (the `highs` package, HiGHS compiled to WebAssembly) on a CPLEX-LP string in a worker
 * thread, with a time limit, so a large solve never blocks the caller's event loop.
 *
 * The worker is started once and kept warm (issue 11 item 5): loading the WebAssembly module costs
 * ~100-200 ms (more on a busy machine), once per process instead of once per plan, so an
 * orchestrator answering traffic intents pays it on its first plan only. Solves queue in the worker
 * and run one at a time. The worker is unref'd, so it never keeps a process (the offline CLI) alive.
 *
 * The worker is plain JavaScript passed with `eval: true` (so it runs the same from the compiled
 * build and from the TypeScript test runner); it loads `highs` by absolute path resolved here.
 * The time limit is given to HiGHS (`time_limit`, seconds) and enforced again from outside: past
 * limit + 1 s the worker is terminated (a fresh one starts on the next solve) and every solve it
 * held resolves with status 'Time limit reached' and no values, so callers fall back to their
 * heuristic. A solve that throws inside HiGHS also retires the worker (its module may be unusable).
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
const ready = require(workerData.highsPath)();
parentPort.on('message', (m) => {
  ready.then((highs) => {
    const t = Date.now();
    const sol = highs.solve(m.lp, m.options);
    const names = [];
    const values = [];
    for (const [name, col] of Object.entries(sol.Columns || {})) { names.push(name); values.push(col.Primal); }
    parentPort.postMessage({ id: m.id, status: sol.Status, objective: sol.ObjectiveValue, names, values, solveMs: Date.now() - t });
  }).catch((err) => parentPort.postMessage({ id: m.id, status: 'Error: ' + (err && err.message ? err.message : String(err)), names: [], values: [] }));
});
`;

interface Reply {
  id: number;
  status: string;
  objective?: number;
  names: string[];
  values: number[];
  solveMs?: number;
}

interface Warm {
  worker: Worker;
  pending: Map<number, (o: HighsOutcome) => void>;
  /** When the solves queued so far may all have ended (Date.now() scale): a queued solve's limit starts after them. */
  busyUntil: number;
}

let warm: Warm | undefined;
let nextId = 1;
let starts = 0;

/** Workers started in this process (1 while the first stays warm); for tests and diagnostics. */
export function highsWorkerStarts(): number {
  return starts;
}

function highsPath(): string {
  const base = typeof __filename === 'string' ? __filename : `${process.cwd()}/package.json`;
  return createRequire(base).resolve('highs');
}

/** Stops the warm worker; every solve it held answers `status` with no values. */
function retire(w: Warm, status: string): void {
  if (warm === w) warm = undefined;
  for (const done of w.pending.values()) done({ status, objective: undefined, primal: new Map(), solveMs: 0 });
  w.pending.clear();
  void w.worker.terminate();
}

function warmWorker(): Warm {
  if (warm) return warm;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { highsPath: highsPath() } });
  starts++;
  const w: Warm = { worker, pending: new Map(), busyUntil: 0 };
  worker.on('message', (m: Reply) => {
    const done = w.pending.get(m.id);
    w.pending.delete(m.id);
    const primal = new Map<string, number>();
    m.names.forEach((n, i) => primal.set(n, m.values[i]));
    done?.({ status: m.status, objective: m.objective, primal, solveMs: m.solveMs ?? 0 });
    if (m.status.startsWith('Error')) retire(w, 'Error: the solver failed on an earlier solve');
  });
  worker.on('error', (err) => retire(w, `Error: ${err.message}`));
  worker.on('exit', () => retire(w, 'Error: the solver worker exited'));
  // After the listeners (adding one may ref the worker again): an idle warm worker keeps no process alive.
  worker.unref();
  warm = w;
  return w;
}

export function runHighsInWorker(lp: string, timeLimitMs: number, extraOptions: Record<string, number | boolean | string> = {}): Promise<HighsOutcome> {
  const started = Date.now();
  const w = warmWorker();
  const id = nextId++;
  return new Promise((resolve) => {
    // Solves run one at a time: this one's limit counts from when those queued before it may end.
    w.busyUntil = Math.max(Date.now(), w.busyUntil) + timeLimitMs;
    const timer = setTimeout(() => retire(w, 'Time limit reached'), w.busyUntil - Date.now() + 1000);
    w.pending.set(id, (o) => {
      clearTimeout(timer);
      resolve({ ...o, solveMs: o.solveMs || Date.now() - started });
    });
    w.worker.postMessage({ id, lp, options: { time_limit: timeLimitMs / 1000, output_flag: false, ...extraOptions } });
  });
}

/**
 * Starts the warm worker and loads HiGHS in it now (a trivial solve), so a long-running process
 * (the orchestrator, at start) does not pay the load on its first traffic plan. Never throws.
 */
export async function warmUpHighs(): Promise<boolean> {
  const out = await runHighsInWorker('Maximize\n obj: x\nSubject To\n c: x <= 1\nEnd\n', 30_000);
  return out.status === 'Optimal';
}
