/**
 * Staging: split a change set into ordered stages so that no endpoint pair loses more than a share X
 * of its links at once (architecture invariant I7, the capacity guard).
 *
 * Rule (pairs are unordered {i, j}: a circuit i->j and one j->i both join i and j, since every
 * fibre is bidirectional through circulators). Let c_ij be the links between i and j before the
 * change and a_ij = max(1, floor(X * c_ij)) its allowance. Within one stage:
 * - at most a_ij circuits of {i, j} are torn down, and
 * - the pair is never more than a_ij links below min(c_ij, c'_ij) (c' = links after the change),
 *   counting circuits torn down in earlier stages whose replacement is not yet built.
 * A pair with c_ij < 1/X therefore loses one link per stage (floor(X c) = 0 would forbid changing it
 * at all). A stage runs all its removals, then all its additions; an addition is placed in the
 * first stage in which both of its ports are free, i.e. with or after the removal that frees them.
 *
 * Algorithm: greedy list scheduling, stage by stage, taking every removal the guard allows in
 * order. Lower bound: max over pairs of ceil(r_ij / a_ij), r_ij the pair's removals. If the guard
 * would deadlock (additions waiting on removals that wait on those additions), one removal is let
 * through and counted in `guardRelaxed`. Complexity O(stages x changes).
 *
 * Reference: the capacity-preserving incremental reconfiguration of Jupiter Evolving (SIGCOMM
 * 2022, section 5); the guard is I7 in shared/design/architecture.md.
 */
import { TopologyConflictError, TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect, Stage, SwitchChange } from '../types';

export interface StagingOptions {
  /** Largest share of a pair's links that may be down at once; default 0.25. */
  maxLossShare?: number;
}

export interface StagePlan {
  stages: Stage[];
  lowerBound: number;
  /** Removals let through beyond the guard to break a deadlock (0 in every case we generate). */
  guardRelaxed: number;
}

interface Op {
  s: number;
  north: number;
  south: number;
  pair: number;
  deps: number[];
  stage: number;
}

const WHERE = 'staging/planStages';

export function planStages(index: PortIndex, current: readonly CrossConnect[], changes: readonly SwitchChange[], options: StagingOptions = {}): StagePlan {
  const X = options.maxLossShare ?? 0.25;
  if (!(X > 0 && X <= 1)) throw new TopologyInvalidArgumentError(WHERE, `maxLossShare must be in (0, 1], got ${X}`);
  const E = index.endpoints.length;
  const pairOf = (s: number, n: number, so: number) => {
    const u = index.northOwner[s][n] ?? -1;
    const v = index.southOwner[s][so] ?? -1;
    if (u < 0 || v < 0) return -1;
    return u < v ? u * E + v : v * E + u;
  };
  const sw = (id: string) => {
    const s = index.switchIndex.get(id);
    if (s === undefined) throw new TopologyNotFoundError(WHERE, `unknown switch ${id}; use ids from the fabric spec`);
    return s;
  };
  const oldCount = new Map<number, number>();
  const holder = new Map<string, number>(); // port -> -1 (kept circuit) or removal id
  for (const c of current) {
    const s = sw(c.switchId);
    const p = pairOf(s, c.north, c.south);
    if (p >= 0) oldCount.set(p, (oldCount.get(p) ?? 0) + 1);
    holder.set(`${s}n${c.north}`, -1);
    holder.set(`${s}s${c.south}`, -1);
  }
  const removals: Op[] = [];
  const adds: Op[] = [];
  for (const ch of changes) {
    const s = sw(ch.switchId);
    for (const r of ch.remove) {
      if (holder.get(`${s}n${r.north}`) !== -1) throw new TopologyConflictError(WHERE, `removal ${ch.switchId} ${r.north}->${r.south} is not a current cross-connect; plan against the current state`);
      const id = removals.length;
      removals.push({ s, north: r.north, south: r.south, pair: pairOf(s, r.north, r.south), deps: [], stage: -1 });
      holder.set(`${s}n${r.north}`, id);
      holder.set(`${s}s${r.south}`, id);
    }
  }
  for (const ch of changes) {
    const s = sw(ch.switchId);
    for (const a of ch.add) {
      const deps: number[] = [];
      for (const key of [`${s}n${a.north}`, `${s}s${a.south}`]) {
        const h = holder.get(key);
        if (h === -1 || h === -2) throw new TopologyConflictError(WHERE, `addition ${ch.switchId} ${a.north}->${a.south} needs a port that stays busy; the change set is inconsistent`);
        if (h !== undefined) deps.push(h);
        holder.set(key, -2);
      }
      adds.push({ s, north: a.north, south: a.south, pair: pairOf(s, a.north, a.south), deps, stage: -1 });
    }
  }
  const newCount = new Map(oldCount);
  for (const r of removals) if (r.pair >= 0) newCount.set(r.pair, (newCount.get(r.pair) ?? 0) - 1);
  for (const a of adds) if (a.pair >= 0) newCount.set(a.pair, (newCount.get(a.pair) ?? 0) + 1);
  const allowance = (p: number) => Math.max(1, Math.floor(X * (oldCount.get(p) ?? 0)));
  const removedPerPair = new Map<number, number>();
  for (const r of removals) if (r.pair >= 0) removedPerPair.set(r.pair, (removedPerPair.get(r.pair) ?? 0) + 1);
  let lowerBound = changes.some((c) => c.add.length + c.remove.length > 0) ? 1 : 0;
  for (const [p, r] of removedPerPair) lowerBound = Math.max(lowerBound, Math.ceil(r / allowance(p)));

  const cur = new Map(oldCount);
  let pendingRemovals = removals.map((_, i) => i);
  let pendingAdds = adds.map((_, i) => i);
  let guardRelaxed = 0;
  for (let k = 0; pendingRemovals.length > 0 || pendingAdds.length > 0; k++) {
    const takenThisStage = new Map<number, number>();
    const fits = (r: Op) => {
      if (r.pair < 0) return true;
      const a = allowance(r.pair);
      if ((takenThisStage.get(r.pair) ?? 0) + 1 > a) return false;
      const floor = Math.min(oldCount.get(r.pair) ?? 0, newCount.get(r.pair) ?? 0);
      return floor - ((cur.get(r.pair) ?? 0) - 1) <= a;
    };
    const take = (i: number) => {
      const r = removals[i];
      r.stage = k;
      if (r.pair >= 0) {
        takenThisStage.set(r.pair, (takenThisStage.get(r.pair) ?? 0) + 1);
        cur.set(r.pair, (cur.get(r.pair) ?? 0) - 1);
      }
    };
    const rest: number[] = [];
    for (const i of pendingRemovals) (fits(removals[i]) ? take(i) : rest.push(i));
    const readyAdds = pendingAdds.filter((i) => adds[i].deps.every((d) => removals[d].stage >= 0));
    if (rest.length === pendingRemovals.length && readyAdds.length === 0) {
      take(rest.shift() as number);
      guardRelaxed++;
    }
    pendingRemovals = rest;
    const ready = new Set(pendingAdds.filter((i) => adds[i].deps.every((d) => removals[d].stage >= 0)));
    for (const i of ready) {
      adds[i].stage = k;
      if (adds[i].pair >= 0) cur.set(adds[i].pair, (cur.get(adds[i].pair) ?? 0) + 1);
    }
    pendingAdds = pendingAdds.filter((i) => !ready.has(i));
  }
  return { stages: toStages(index, removals, adds), lowerBound, guardRelaxed };
}

function toStages(index: PortIndex, removals: Op[], adds: Op[]): Stage[] {
  // A loop, not Math.max(...ops): a 320,000-circuit mesh as spread arguments overflows the stack.
  let count = 0;
  for (const op of removals) count = Math.max(count, op.stage + 1);
  for (const op of adds) count = Math.max(count, op.stage + 1);
  const stages: Stage[] = [];
  // Each stage's entries by switch: a linear search per circuit was O(circuits x switches), 320
  // million comparisons for 1,000 OCS. Entries keep the order in which their switch first appears.
  const bySwitch: Map<number, SwitchChange>[] = [];
  for (let k = 0; k < count; k++) {
    stages.push({ index: k, changes: [] });
    bySwitch.push(new Map());
  }
  const entry = (k: number, s: number) => {
    let e = bySwitch[k].get(s);
    if (!e) {
      e = { switchId: index.switches[s], remove: [], add: [] };
      bySwitch[k].set(s, e);
      stages[k].changes.push(e);
    }
    return e;
  };
  for (const r of removals) entry(r.stage, r.s).remove.push({ north: r.north, south: r.south });
  for (const a of adds) entry(a.stage, a.s).add.push({ north: a.north, south: a.south });
  return stages;
}
