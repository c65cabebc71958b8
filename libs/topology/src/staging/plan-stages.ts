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
  deps: readonly number[];
  stage: number;
}

const WHERE = 'staging/planStages';

/** The dependencies of an addition whose ports no removal frees (shared: most additions). */
const NO_DEPS: readonly number[] = Object.freeze([]);

/**
 * Who holds each port while the change set is read: a typed array indexed by (switch, side, port)
 * rather than a `${switch}n${port}` string per port, which cost ~0.5 s on a 320,000-circuit mesh.
 * Ports outside the index's range (a bad change set) fall back to string keys.
 */
function portHolders(index: PortIndex) {
  const FREE = -3;
  let P = 1;
  for (const o of index.northOwner) P = Math.max(P, o.length);
  for (const o of index.southOwner) P = Math.max(P, o.length);
  const dense = new Int32Array(index.switches.length * P * 2).fill(FREE);
  const odd = new Map<string, number>();
  const slot = (s: number, side: 0 | 1, port: number) => (Number.isInteger(port) && port >= 0 && port < P ? (s * P + port) * 2 + side : -1);
  return {
    get(s: number, side: 0 | 1, port: number): number | undefined {
      const k = slot(s, side, port);
      if (k < 0) return odd.get(`${s}${side === 0 ? 'n' : 's'}${port}`);
      return dense[k] === FREE ? undefined : dense[k];
    },
    set(s: number, side: 0 | 1, port: number, holder: number): void {
      const k = slot(s, side, port);
      if (k < 0) odd.set(`${s}${side === 0 ? 'n' : 's'}${port}`, holder);
      else dense[k] = holder;
    },
  };
}

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
  const holder = portHolders(index); // port -> -1 (kept circuit), -2 (added) or removal id
  for (const c of current) {
    const s = sw(c.switchId);
    const p = pairOf(s, c.north, c.south);
    if (p >= 0) oldCount.set(p, (oldCount.get(p) ?? 0) + 1);
    holder.set(s, 0, c.north, -1);
    holder.set(s, 1, c.south, -1);
  }
  const removals: Op[] = [];
  const adds: Op[] = [];
  for (const ch of changes) {
    const s = sw(ch.switchId);
    for (const r of ch.remove) {
      if (holder.get(s, 0, r.north) !== -1) throw new TopologyConflictError(WHERE, `removal ${ch.switchId} ${r.north}->${r.south} is not a current cross-connect; plan against the current state`);
      const id = removals.length;
      removals.push({ s, north: r.north, south: r.south, pair: pairOf(s, r.north, r.south), deps: NO_DEPS, stage: -1 });
      holder.set(s, 0, r.north, id);
      holder.set(s, 1, r.south, id);
    }
  }
  // An addition takes a port: free, or freed by a removal it then depends on.
  const claim = (s: number, side: 0 | 1, port: number, ch: SwitchChange, a: { north: number; south: number }) => {
    const h = holder.get(s, side, port);
    if (h === -1 || h === -2) throw new TopologyConflictError(WHERE, `addition ${ch.switchId} ${a.north}->${a.south} needs a port that stays busy; the change set is inconsistent`);
    holder.set(s, side, port, -2);
    return h;
  };
  for (const ch of changes) {
    const s = sw(ch.switchId);
    for (const a of ch.add) {
      const hn = claim(s, 0, a.north, ch, a);
      const hs = claim(s, 1, a.south, ch, a);
      const deps = hn === undefined ? (hs === undefined ? NO_DEPS : [hs]) : hs === undefined ? [hn] : [hn, hs];
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
    const isReady = (i: number) => adds[i].deps.every((d) => removals[d].stage >= 0);
    let ready = pendingAdds.filter(isReady);
    if (rest.length === pendingRemovals.length && ready.length === 0) {
      take(rest.shift() as number);
      guardRelaxed++;
      ready = pendingAdds.filter(isReady);
    }
    pendingRemovals = rest;
    for (const i of ready) {
      adds[i].stage = k;
      if (adds[i].pair >= 0) cur.set(adds[i].pair, (cur.get(adds[i].pair) ?? 0) + 1);
    }
    pendingAdds = pendingAdds.filter((i) => adds[i].stage < 0);
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
