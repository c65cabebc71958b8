/**
 * Event-driven simulation of slice placement over a fabric of pods (bench:placement): jobs of a
 * trace (job-trace.ts) are placed by the library's own pod choice (slices/placement-score.ts, the
 * function the slice planner calls), hold their cubes for their duration and release them.
 *
 * Two admission models:
 * - `loss`: a job that fits in no pod when it arrives is rejected (acceptance rate);
 * - `queue`: the orchestrator's rule (docs/api.md, reservations): a job that fits when it arrives
 *   is placed at once; one that does not waits in arrival order, and the queue's head blocks those
 *   behind it until some pod has room for it. Placement shows up as queueing delay.
 * Utilisation is the time-average share of busy cubes between the first and last arrival. The first
 * 10% of jobs warm the fabric up and are left out of the counts. O(jobs x (log jobs + pods)).
 */
import { chooseCubeGroup, type PlacementPolicy } from '../../libs/topology/src/slices/placement-score';
import type { Job } from './job-trace';

export interface SimResult {
  policy: PlacementPolicy;
  model: 'loss' | 'queue';
  counted: number;
  rejected: number;
  acceptance: number;
  utilisation: number;
  meanWait: number;
  p95Wait: number;
  /** Pod chosen per job (-1 rejected), for replaying through the planner. */
  decisions: Int32Array;
}

/** Binary min-heap of (time, pod, cubes) departures. */
class Departures {
  private items: { t: number; pod: number; cubes: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  push(x: { t: number; pod: number; cubes: number }): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p].t <= a[i].t) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].t < a[m].t) m = l;
        if (r < a.length && a[r].t < a[m].t) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export function simulate(jobs: readonly Job[], pods: number, perPod: number, policy: PlacementPolicy, model: 'loss' | 'queue'): SimResult {
  const free = new Array<number>(pods).fill(perPod);
  // Latest lease end per pod while it holds a slice (undefined when empty), for lease-aware placement.
  const releaseAt: (number | undefined)[] = new Array(pods).fill(undefined);
  const out = new Departures();
  const decisions = new Int32Array(jobs.length).fill(-1);
  const warm = Math.floor(jobs.length / 10);
  const tStart = jobs[warm]?.arrival ?? 0;
  const tEnd = jobs[jobs.length - 1]?.arrival ?? 0;
  let busy = 0;
  let lastT = tStart;
  let area = 0;
  const advance = (t: number) => {
    const from = Math.max(lastT, tStart);
    const to = Math.min(t, tEnd);
    if (to > from) area += busy * (to - from);
    lastT = Math.max(lastT, t);
  };
  const waits: number[] = [];
  let rejected = 0;
  const queue: Job[] = [];
  const start = (j: Job, t: number): boolean => {
    const g = chooseCubeGroup(free, j.shape.cubes, { policy, endsAt: t + j.duration, releaseAt });
    if (g < 0) return false;
    free[g] -= j.shape.cubes;
    releaseAt[g] = Math.max(releaseAt[g] ?? -Infinity, t + j.duration);
    busy += j.shape.cubes;
    decisions[j.id] = g;
    out.push({ t: t + j.duration, pod: g, cubes: j.shape.cubes });
    if (j.id >= warm) waits.push(t - j.arrival);
    return true;
  };
  const drainUntil = (t: number) => {
    while (out.size > 0 && out.peek()!.t <= t) {
      const d = out.pop()!;
      advance(d.t);
      free[d.pod] += d.cubes;
      if (free[d.pod] === perPod) releaseAt[d.pod] = undefined;
      busy -= d.cubes;
      if (model === 'queue') while (queue.length > 0 && start(queue[0], d.t)) queue.shift();
    }
    advance(t);
  };
  for (const j of jobs) {
    drainUntil(j.arrival);
    if (model === 'loss') {
      if (!start(j, j.arrival) && j.id >= warm) rejected++;
    } else if (!start(j, j.arrival)) {
      queue.push(j);
    }
  }
  const counted = jobs.length - warm;
  const sorted = [...waits].sort((a, b) => a - b);
  // Jobs still queued at the end have waited at least until the last arrival.
  for (const j of queue) if (j.id >= warm) sorted.push(tEnd - j.arrival);
  sorted.sort((a, b) => a - b);
  return {
    policy,
    model,
    counted,
    rejected,
    acceptance: (counted - rejected) / counted,
    utilisation: area / ((tEnd - tStart) * pods * perPod),
    meanWait: sorted.reduce((n, w) => n + w, 0) / Math.max(1, sorted.length),
    p95Wait: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0,
    decisions,
  };
}
