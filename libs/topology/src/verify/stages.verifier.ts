/**
 * Verifier: a staged transition is safe and complete.
 *
 * Replays the stages on `before`; each stage runs all its removals, then all its additions
 * (delete-before-make: a port cannot move without a disconnect, ocs-facts.md). Checks:
 * - D: every removal exists when its stage runs; every addition finds both ports free (no port in
 *   two circuits even mid-transition); the stages together are exactly `changes`, and the final
 *   state equals `after` when given;
 * - I7 capacity guard, per unordered endpoint pair {i, j} (fibres are bidirectional): with c the
 *   links before the transition, c' after, and allowance a = max(1, floor(X x c)), a stage removes at
 *   most a links of the pair, and after a stage's removals the pair has at least min(c, c') - a links.
 *   (The max(1, .) lets a pair with c < 1/X change one link per stage; floor(X c) = 0 would freeze it.)
 *
 * Circuits, ports and endpoint pairs are numbers (circuit-keys.ts, pair-tally.ts), their text is
 * built only for a violation: a 320,000-circuit mesh is replayed in tens of milliseconds.
 *
 * Complexity O(|before| + stages x changes). Own code: it shares nothing with the staging planner.
 */
import type { CrossConnect, FabricSpec, Stage, SwitchChange } from '../types';
import { CircuitKeys } from './circuit-keys';
import { PairTally } from './pair-tally';
import { sameIds, sortedIds } from './sorted-ids';
import { fibreEndpointNo, indexForVerifier, isPortFailed, NORTH, SOUTH, type VerifierIndex } from './verifier-index';
import { INVARIANTS, type Violation } from './violation';

export interface VerifyStagesOptions {
  /** Largest share of a pair's links down at once; default 0.25. */
  maxLossShare?: number;
  /** The unstaged change set the stages must add up to. */
  changes?: readonly SwitchChange[];
  /** Expected final state. */
  after?: readonly CrossConnect[];
  index?: VerifierIndex;
  limit?: number;
}

export function verifyStages(spec: FabricSpec, before: readonly CrossConnect[], stages: readonly Stage[], options: VerifyStagesOptions = {}): Violation[] {
  const idx = options.index ?? indexForVerifier(spec);
  const X = options.maxLossShare ?? 0.25;
  const limit = options.limit ?? 1000;
  const out: Violation[] = [];
  const report = (invariant: Violation['invariant'], message: string, switchId?: string) => {
    if (out.length < limit) out.push({ invariant, message, switchId });
  };
  const E = idx.endpointIds.length;
  const pairs = pairsOf(idx);
  const keys = new CircuitKeys(idx.portStride, idx.switchIds);
  const ports = new PortHolders(keys.densePorts);
  const circuits = new Set<number>();
  const links = new PairTally(E * E);
  for (const c of before) {
    const k = keys.circuit(c.switchId, c.north, c.south);
    circuits.add(k);
    ports.hold(keys.port(c.switchId, 0, c.north), k);
    ports.hold(keys.port(c.switchId, 1, c.south), k);
    const p = pairs.of(c.switchId, c.north, c.south);
    if (p >= 0) links.add(p, 1);
  }
  const initial = links.clone();
  const final = links.clone();
  // One pass computes every removal's and addition's circuit id and pair, in the order the replay
  // below reads them back (per stage: removals in change order, then additions), and lists the
  // stages' changes (id x 2, + 1 for an addition) in plan order.
  const removal = { ids: [] as number[], pairs: [] as number[] };
  const addition = { ids: [] as number[], pairs: [] as number[] };
  const got: number[] = [];
  for (const st of stages) {
    for (const ch of st.changes) {
      for (const r of ch.remove) {
        const k = keys.circuit(ch.switchId, r.north, r.south);
        const p = pairs.of(ch.switchId, r.north, r.south);
        if (p >= 0) final.add(p, -1);
        removal.ids.push(k);
        removal.pairs.push(p);
        got.push(k * 2);
      }
      for (const a of ch.add) {
        const k = keys.circuit(ch.switchId, a.north, a.south);
        const p = pairs.of(ch.switchId, a.north, a.south);
        if (p >= 0) final.add(p, 1);
        addition.ids.push(k);
        addition.pairs.push(p);
        got.push(k * 2 + 1);
      }
    }
  }
  let nextRemoval = 0;
  let nextAddition = 0;
  const allowance = (p: number) => Math.max(1, Math.floor(X * initial.get(p)));
  const removedNow = new PairTally(E * E);
  for (const st of stages) {
    removedNow.clear();
    for (const ch of st.changes) {
      for (const r of ch.remove) {
        const k = removal.ids[nextRemoval];
        const p = removal.pairs[nextRemoval++];
        if (!circuits.delete(k)) {
          report(INVARIANTS.diff, `stage ${st.index} removes ${ch.switchId} ${r.north}->${r.south}, which is not present`, ch.switchId);
          continue;
        }
        ports.free(keys.port(ch.switchId, 0, r.north));
        ports.free(keys.port(ch.switchId, 1, r.south));
        if (p >= 0) {
          links.add(p, -1);
          removedNow.add(p, 1);
        }
      }
    }
    for (const p of removedNow.order) {
      const r = removedNow.get(p);
      const a = allowance(p);
      const floor = Math.min(initial.get(p), final.get(p)) - a;
      if (r > a) report(INVARIANTS.capacityGuard, `stage ${st.index} takes down ${r} links of ${pairs.text(p)} at once, allowance ${a}`);
      else if (links.get(p) < floor) report(INVARIANTS.capacityGuard, `stage ${st.index} leaves ${pairs.text(p)} with ${links.get(p)} links, below ${floor}`);
    }
    for (const ch of st.changes) {
      for (const a of ch.add) {
        const k = addition.ids[nextAddition];
        const p = addition.pairs[nextAddition++];
        const n = keys.port(ch.switchId, 0, a.north);
        const s = keys.port(ch.switchId, 1, a.south);
        const heldN = ports.holder(n);
        const heldS = ports.holder(s);
        if (heldN !== undefined || heldS !== undefined) {
          for (const [port, holder] of [[n, heldN], [s, heldS]]) {
            if (holder === undefined) continue;
            report(INVARIANTS.onePortOneOwner, `stage ${st.index} adds ${ch.switchId} ${a.north}->${a.south} but ${keys.portText(port!)} is held by ${keys.circuitText(holder, '|')}`, ch.switchId);
          }
        }
        circuits.add(k);
        ports.hold(n, k);
        ports.hold(s, k);
        if (p >= 0) links.add(p, 1);
      }
    }
  }
  if (options.changes) {
    const wanted: number[] = [];
    for (const ch of options.changes) {
      for (const r of ch.remove) wanted.push(keys.circuit(ch.switchId, r.north, r.south) * 2);
      for (const a of ch.add) wanted.push(keys.circuit(ch.switchId, a.north, a.south) * 2 + 1);
    }
    if (!sameIds(sortedIds(wanted, false), sortedIds(got, false))) reportMultisets(wanted, got);
  }
  if (options.after) {
    const afterIds = options.after.map((c) => keys.circuit(c.switchId, c.north, c.south));
    if (!sameIds(sortedIds(circuits, true), sortedIds(afterIds, true))) {
      const target = new Set(afterIds);
      for (const k of circuits) if (!target.has(k)) report(INVARIANTS.diff, `after the last stage ${keys.circuitText(k, '|')} is present but not in the target`);
      for (const k of target) if (!circuits.has(k)) report(INVARIANTS.diff, `after the last stage ${keys.circuitText(k, '|')} is missing`);
    }
  }
  return out;

  /** Every change counted differently in the stages and the plan, in first-seen order (plan first). */
  function reportMultisets(wanted: readonly number[], gotIds: readonly number[]): void {
    const count = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    const want = new Map<number, number>();
    const got = new Map<number, number>();
    for (const k of wanted) count(want, k);
    for (const k of gotIds) count(got, k);
    const compare = (k: number) => {
      const w = want.get(k) ?? 0;
      const g = got.get(k) ?? 0;
      if (w !== g) {
        const added = Math.abs(k % 2) === 1;
        const text = `${added ? '+' : '-'}${keys.circuitText((k - (added ? 1 : 0)) / 2, '|')}`;
        report(INVARIANTS.diff, `change ${text} appears ${g} time(s) in the stages, ${w} in the plan`);
      }
    };
    for (const k of want.keys()) compare(k);
    for (const k of got.keys()) if (!want.has(k)) compare(k);
  }
}

/**
 * The unordered endpoint pair a circuit links, as a number (lower x E + higher), or -1 when it
 * carries no capacity: an unfibred end, an unhealthy switch, a failed port or a failed endpoint.
 */
function pairsOf(idx: VerifierIndex) {
  const E = idx.endpointIds.length;
  return {
    of(switchId: string, north: number, south: number): number {
      const sw = idx.switches.get(switchId);
      if (!sw) return -1;
      const a = fibreEndpointNo(idx, sw, NORTH, north);
      const b = fibreEndpointNo(idx, sw, SOUTH, south);
      if (a < 0 || b < 0) return -1;
      if (!sw.healthy || isPortFailed(idx, sw, NORTH, north) || isPortFailed(idx, sw, SOUTH, south)) return -1;
      if (idx.endpointOk[a] === 0 || idx.endpointOk[b] === 0) return -1;
      return a < b ? a * E + b : b * E + a;
    },
    /** `${a} <-> ${b}` with a <= b as strings (the order the reports have always used). */
    text(pair: number): string {
      const x = idx.endpointIds[Math.floor(pair / E)];
      const y = idx.endpointIds[pair % E];
      return x <= y ? `${x} <-> ${y}` : `${y} <-> ${x}`;
    },
  };
}

/** Which circuit holds each port: a typed array for port ids below `dense`, a Map for the rest. */
class PortHolders {
  private readonly dense: Float64Array;
  private readonly rest = new Map<number, number>();

  constructor(size: number) {
    this.dense = new Float64Array(size).fill(NaN);
  }

  hold(port: number, circuit: number): void {
    if (port >= 0 && port < this.dense.length) this.dense[port] = circuit;
    else this.rest.set(port, circuit);
  }

  free(port: number): void {
    if (port >= 0 && port < this.dense.length) this.dense[port] = NaN;
    else this.rest.delete(port);
  }

  holder(port: number): number | undefined {
    if (port >= 0 && port < this.dense.length) {
      const c = this.dense[port];
      return Number.isNaN(c) ? undefined : c;
    }
    return this.rest.get(port);
  }
}
