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
 * Complexity O(|before| + stages x changes). Own code: it shares nothing with the staging planner.
 */
import type { CrossConnect, FabricSpec, Stage, SwitchChange } from '../types';
import { indexForVerifier, type VerifierIndex } from './verifier-index';
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
  const pairOf = (switchId: string, north: number, south: number): string | undefined => {
    const sw = idx.switches.get(switchId);
    const a = sw?.fibres.north[north]?.endpoint;
    const b = sw?.fibres.south[south]?.endpoint;
    if (!sw || a === undefined || b === undefined) return undefined;
    if (!sw.healthy || sw.failed.north.has(north) || sw.failed.south.has(south)) return undefined;
    if (idx.endpointHealthy.get(a) === false || idx.endpointHealthy.get(b) === false) return undefined;
    return a <= b ? `${a} <-> ${b}` : `${b} <-> ${a}`;
  };
  const bump = (m: Map<string, number>, k: string | undefined, d: number) => {
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + d);
  };
  // Port occupancy: `switch|n|port` and `switch|s|port` -> the circuit key holding it.
  const circuits = new Set<string>();
  const ports = new Map<string, string>();
  const links = new Map<string, number>();
  const ck = (s: string, n: number, so: number) => `${s}|${n}|${so}`;
  for (const c of before) {
    circuits.add(ck(c.switchId, c.north, c.south));
    ports.set(`${c.switchId}|n|${c.north}`, ck(c.switchId, c.north, c.south));
    ports.set(`${c.switchId}|s|${c.south}`, ck(c.switchId, c.north, c.south));
    bump(links, pairOf(c.switchId, c.north, c.south), 1);
  }
  const initial = new Map(links);
  const final = new Map(links);
  for (const st of stages) {
    for (const ch of st.changes) {
      for (const r of ch.remove) bump(final, pairOf(ch.switchId, r.north, r.south), -1);
      for (const a of ch.add) bump(final, pairOf(ch.switchId, a.north, a.south), 1);
    }
  }
  const allowance = (p: string) => Math.max(1, Math.floor(X * (initial.get(p) ?? 0)));
  for (const st of stages) {
    const removedNow = new Map<string, number>();
    for (const ch of st.changes) {
      for (const r of ch.remove) {
        const k = ck(ch.switchId, r.north, r.south);
        if (!circuits.delete(k)) {
          report(INVARIANTS.diff, `stage ${st.index} removes ${ch.switchId} ${r.north}->${r.south}, which is not present`, ch.switchId);
          continue;
        }
        ports.delete(`${ch.switchId}|n|${r.north}`);
        ports.delete(`${ch.switchId}|s|${r.south}`);
        const p = pairOf(ch.switchId, r.north, r.south);
        bump(links, p, -1);
        bump(removedNow, p, 1);
      }
    }
    for (const [p, r] of removedNow) {
      const a = allowance(p);
      const floor = Math.min(initial.get(p) ?? 0, final.get(p) ?? 0) - a;
      if (r > a) report(INVARIANTS.capacityGuard, `stage ${st.index} takes down ${r} links of ${p} at once, allowance ${a}`);
      else if ((links.get(p) ?? 0) < floor) report(INVARIANTS.capacityGuard, `stage ${st.index} leaves ${p} with ${links.get(p)} links, below ${floor}`);
    }
    for (const ch of st.changes) {
      for (const a of ch.add) {
        const k = ck(ch.switchId, a.north, a.south);
        for (const port of [`${ch.switchId}|n|${a.north}`, `${ch.switchId}|s|${a.south}`]) {
          const holder = ports.get(port);
          if (holder !== undefined) report(INVARIANTS.onePortOneOwner, `stage ${st.index} adds ${ch.switchId} ${a.north}->${a.south} but ${port} is held by ${holder}`, ch.switchId);
        }
        circuits.add(k);
        ports.set(`${ch.switchId}|n|${a.north}`, k);
        ports.set(`${ch.switchId}|s|${a.south}`, k);
        bump(links, pairOf(ch.switchId, a.north, a.south), 1);
      }
    }
  }
  if (options.changes) {
    const multiset = (list: readonly SwitchChange[]) => {
      const m = new Map<string, number>();
      for (const ch of list) {
        for (const r of ch.remove) bump(m, `-${ck(ch.switchId, r.north, r.south)}`, 1);
        for (const a of ch.add) bump(m, `+${ck(ch.switchId, a.north, a.south)}`, 1);
      }
      return m;
    };
    const want = multiset(options.changes);
    const got = multiset(stages.flatMap((s) => s.changes));
    for (const k of new Set([...want.keys(), ...got.keys()])) {
      if ((want.get(k) ?? 0) !== (got.get(k) ?? 0)) report(INVARIANTS.diff, `change ${k} appears ${got.get(k) ?? 0} time(s) in the stages, ${want.get(k) ?? 0} in the plan`);
    }
  }
  if (options.after) {
    const target = new Set(options.after.map((c) => ck(c.switchId, c.north, c.south)));
    for (const k of circuits) if (!target.has(k)) report(INVARIANTS.diff, `after the last stage ${k} is present but not in the target`);
    for (const k of target) if (!circuits.has(k)) report(INVARIANTS.diff, `after the last stage ${k} is missing`);
  }
  return out;
}
