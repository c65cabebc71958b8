import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions } from './backoff';

/**
 * One runner for every periodic loop (house rule 7, after controller-runtime's reconcile result):
 * a loop's step says when it wants to run again, and the runner owns the rest once: timers (a
 * timeout re-armed after each run, so two runs of one loop never overlap), backoff with full
 * jitter after a failure (reset by the next success), logging and Prometheus metrics per loop.
 *
 * A step returns `{ requeueAfter: ms }` to choose its next run, nothing to run again after the
 * loop's `intervalMs`, or throws: the next run is then `backoffDelay(failures, backoff)` away
 * (uniform in [initialMs / 10, min(maxMs, initialMs * 2^failures)]).
 *
 * ```ts
 * const loops = LoopRunner.for(registry, logger);           // one per process (metrics registered once)
 * const sweep = loops.create({ name: 'operations-sweeper', intervalMs: 500, step: () => this.sweep() });
 * sweep.start();           // first run after `initialDelayMs` (default: intervalMs)
 * sweep.wake();            // run soon: now if idle, else once more right after the run in flight
 * await sweep.runNow();    // the same, resolved when that run has ended
 * await sweep.stop();      // no more runs; resolves once the run in flight (if any) has ended
 * ```
 * Leader-only loops: start on election, stop on losing the lease (the orchestrator's
 * `runWhileLeading`, apps/orchestrator/src/leader/leader-loops.ts).
 */
export interface LoopStepResult {
  /** Run again after this many milliseconds instead of the loop's interval. */
  requeueAfter?: number;
}

export interface LoopRunContext {
  loop: string;
  /** 1 for the loop's first run; with `loop`, names a run in logs. */
  run: number;
  /** Failed runs in a row before this one (0 after a success). */
  failures: number;
}

export type LoopStep = (ctx: LoopRunContext) => Promise<LoopStepResult | void> | LoopStepResult | void;

export interface LoopFailure extends LoopRunContext {
  /** When the next run will be. */
  retryInMs: number;
}

export interface LoopOptions {
  /** Metric label and log field: kebab-case, unique per process. */
  name: string;
  step: LoopStep;
  /** Wait between runs when the step does not say otherwise. */
  intervalMs: number;
  /** Wait before the first run after `start()`; default `intervalMs`. */
  initialDelayMs?: number;
  /** After a failure; default initial = intervalMs, max = 8 x intervalMs. */
  backoff?: Partial<BackoffOptions>;
  /**
   * Called for a failed run instead of the runner's own error log, e.g. to log an expected outage
   * once as a warning rather than a stack per run.
   */
  onError?: (err: unknown, failure: LoopFailure) => void;
}

interface LoopMetrics {
  runs: Counter<'loop' | 'outcome'>;
  failing: Gauge<'loop'>;
  duration: Histogram<'loop'>;
}

const perRegistry = new WeakMap<Registry, LoopRunner>();

/** Creates loops sharing one process's metrics and logger. */
export class LoopRunner {
  private readonly metrics: LoopMetrics;

  /** The runner of this registry (metric names can be registered only once per registry). */
  static for(registry: Registry, logger: Logger): LoopRunner {
    let runner = perRegistry.get(registry);
    if (!runner) perRegistry.set(registry, (runner = new LoopRunner(registry, logger)));
    return runner;
  }

  private constructor(
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.metrics = {
      runs: new Counter({ name: 'lightpath_loop_runs_total', help: 'Runs of each periodic loop by outcome (ok, error)', labelNames: ['loop', 'outcome'], registers: [registry] }),
      failing: new Gauge({ name: 'lightpath_loop_consecutive_errors', help: 'Failed runs in a row of each periodic loop (0 once one succeeds)', labelNames: ['loop'], registers: [registry] }),
      duration: new Histogram({
        name: 'lightpath_loop_run_seconds',
        help: 'Duration of one run of each periodic loop',
        labelNames: ['loop'],
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
        registers: [registry],
      }),
    };
  }

  create(options: LoopOptions): Loop {
    return new Loop(options, this.metrics, this.logger);
  }
}

export class Loop {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private started = false;
  private again = false;
  private waiting: (() => void)[] = [];
  private runs = 0;
  private failures = 0;
  private readonly backoff: BackoffOptions;

  constructor(
    private readonly options: LoopOptions,
    private readonly metrics: LoopMetrics,
    private readonly logger: Logger,
  ) {
    if (!(options.intervalMs > 0)) throw new RangeError(`loop-runner: loop ${options.name} needs intervalMs > 0, got ${options.intervalMs}`);
    this.backoff = { initialMs: options.intervalMs, maxMs: 8 * options.intervalMs, ...options.backoff };
  }

  get name(): string {
    return this.options.name;
  }

  get running(): boolean {
    return this.started;
  }

  /** Starts the loop (a no-op if started): first run after `initialDelayMs`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.failures = 0;
    if (!this.inFlight) this.arm(this.options.initialDelayMs ?? this.options.intervalMs);
  }

  /** No more runs after the one in flight; resolves once that one has ended. */
  stop(): Promise<void> {
    this.started = false;
    this.again = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) return this.inFlight;
    for (const resolve of this.waiting.splice(0)) resolve();
    return Promise.resolve();
  }

  /** Runs soon and does not wait (see runNow). Ignored while stopped. */
  wake(): void {
    void this.runNow();
  }

  /**
   * Runs at once if idle, else once more right after the run in flight (never two at once); resolves
   * when that run has ended. The schedule then continues from its result. Ignored while stopped.
   */
  runNow(): Promise<void> {
    if (!this.started) return Promise.resolve();
    const ran = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.inFlight) this.again = true;
    // On the next turn of the event loop, never inside the caller's stack (which may hold a lock
    // the step needs); several wakes before then make one run.
    else this.arm(0);
    return ran;
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref();
  }

  private run(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiters = this.waiting.splice(0);
    const done = this.execute().then((nextInMs) => {
      this.inFlight = undefined;
      for (const resolve of waiters) resolve();
      if (!this.started) {
        for (const resolve of this.waiting.splice(0)) resolve();
        return;
      }
      if (this.again) {
        this.again = false;
        void this.run();
      } else this.arm(nextInMs);
    });
    this.inFlight = done;
    return done;
  }

  /** One run; never throws. Returns when the next run is due. */
  private async execute(): Promise<number> {
    const loop = this.options.name;
    const ctx: LoopRunContext = { loop, run: ++this.runs, failures: this.failures };
    const end = this.metrics.duration.startTimer({ loop });
    try {
      const result = await this.options.step(ctx);
      this.failures = 0;
      this.metrics.runs.inc({ loop, outcome: 'ok' });
      this.metrics.failing.set({ loop }, 0);
      const requeue = result?.requeueAfter;
      return requeue !== undefined && requeue >= 0 ? requeue : this.options.intervalMs;
    } catch (err) {
      const retryInMs = backoffDelay(this.failures, this.backoff);
      this.failures += 1;
      this.metrics.runs.inc({ loop, outcome: 'error' });
      this.metrics.failing.set({ loop }, this.failures);
      this.report(err, { ...ctx, retryInMs });
      return retryInMs;
    } finally {
      end();
    }
  }

  private report(err: unknown, failure: LoopFailure): void {
    try {
      if (this.options.onError) this.options.onError(err, failure);
      else this.logger.error({ err, ...failure }, `loop ${failure.loop} failed; retrying in ${failure.retryInMs} ms`);
    } catch (logErr) {
      this.logger.error({ err: logErr, loop: failure.loop }, 'loop error handler threw');
    }
  }
}
