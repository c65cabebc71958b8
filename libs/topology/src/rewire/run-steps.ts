/**
 * Runs a long planning step (a generator that yields at points where it may pause) either to the
 * end at once, or giving the event loop a turn at each yield.
 *
 * Why: the budgeted rewiring planner may spend up to 60 s (an intent's `budgetMs`) on a search that
 * is synchronous JavaScript. Run in one go inside the orchestrator it held the event loop for the
 * whole budget: HTTP requests, `/health/ready`, Kafka heartbeats (kafkajs sends them from the same
 * loop; a consumer silent past its session timeout is dropped from its group) and acks all waited.
 * A worker thread would also do, but the planner's inputs (port index, circuits) would be copied
 * or rebuilt there on every plan; pausing between slices of a few ms costs nothing measurable.
 * `await` on a settled promise only runs microtasks, so a pause here is a macrotask (setImmediate,
 * setTimeout where there is none): timers and sockets get their turn.
 *
 * Steps yield where their state is whole, once YIELD_SLICE_MS have passed since the last pause:
 * swap chains between surplus pairs, path placement between circuits, ejection chains between
 * switches, the ejection search between iterations; restarts after each one, HiGHS rounds
 * (rewire-lns.ts, awaiting nextMacrotask) between one and the next.
 */

/** Longest a planning step runs before it yields, ms: a waiting request or heartbeat is late by at most about this. */
export const YIELD_SLICE_MS = 20;

/** A step that yields (undefined) where it may pause and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/**
 * The pauses of one run of a step: `yield* slices.pause()` at a point where the step's state is
 * whole yields once YIELD_SLICE_MS have passed since the run started or last resumed, and says
 * whether it paused (a step that checks a deadline may want to check it again). The next slice
 * counts from the resumption, so time spent by others during the pause is not charged to it.
 */
export class Slices {
  private end = performance.now() + YIELD_SLICE_MS;

  *pause(): Steps<boolean> {
    if (performance.now() < this.end) return false;
    yield;
    this.end = performance.now() + YIELD_SLICE_MS;
    return true;
  }
}

/** Runs `steps` to the end without pausing (tests, the offline CLI's synchronous callers). */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps`, giving the event loop a macrotask turn at each of its yields. */
export async function runYielding<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await nextMacrotask();
  }
}

/** Resolves after the event loop has run its pending timers and I/O callbacks once. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
