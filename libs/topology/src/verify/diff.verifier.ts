/**
 * Verifier: a change set really takes `before` to `after`, and the counts a planner reports are the
 * counts its change set has.
 *
 * Checks (invariant "D diff consistent"): every removal exists in the state it applies to; no
 * addition duplicates an existing cross-connect; no switch removes and re-adds the same pair (churn
 * that inflates the count); applying all removals, then all additions, to `before` yields exactly
 * `after`; each claimed count equals the computed one.
 *
 * Counting (ChangeCounts): `removed` and `added` are the list lengths; `touched` = removed + added
 * (every cross-connect torn down or built, the unit of the rewiring lower bound in ocs-facts.md);
 * `modified` = sum over switches of max(removed, added): a removal and an addition on one switch
 * are one circuit whose end moved (the unit of "2 per OCS" for cube repair).
 *
 * Circuits are keyed by number (circuit-keys.ts), their text built only for a violation.
 *
 * Complexity O(|before| + |after| + |changes|). Own code, independent of the planners.
 */
import type { ChangeCounts, CrossConnect, SwitchChange } from '../types';
import { CircuitKeys } from './circuit-keys';
import { sameIds, sortedIds } from './sorted-ids';
import { INVARIANTS, type Violation } from './violation';


/** Counts of a change set, per the definitions above. */
export function countChanges(changes: readonly SwitchChange[]): ChangeCounts {
  const perSwitch = new Map<string, { r: number; a: number }>();
  let removed = 0;
  let added = 0;
  for (const c of changes) {
    const s = perSwitch.get(c.switchId) ?? { r: 0, a: 0 };
    s.r += c.remove.length;
    s.a += c.add.length;
    perSwitch.set(c.switchId, s);
    removed += c.remove.length;
    added += c.add.length;
  }
  let modified = 0;
  for (const s of perSwitch.values()) modified += Math.max(s.r, s.a);
  return { removed, added, touched: removed + added, modified };
}

export function verifyDiff(
  before: readonly CrossConnect[],
  after: readonly CrossConnect[],
  changes: readonly SwitchChange[],
  claimed: Partial<ChangeCounts> = {},
  limit = 1000,
): Violation[] {
  const out: Violation[] = [];
  const report = (message: string, switchId?: string) => {
    if (out.length < limit) out.push({ invariant: INVARIANTS.diff, message, switchId });
  };
  const keys = new CircuitKeys(portStride(before, after, changes));
  const text = (k: number) => keys.circuitText(k, '\u0000').split('\u0000').join(' ');
  const state = new Set<number>();
  for (const c of before) state.add(keys.circuit(c.switchId, c.north, c.south));
  for (const c of changes) {
    if (c.remove.length === 0) continue;
    const adds = new Set<number>();
    for (const p of c.add) adds.add(keys.circuit(c.switchId, p.north, p.south));
    for (const p of c.remove) {
      const k = keys.circuit(c.switchId, p.north, p.south);
      if (!state.delete(k)) report(`removes ${c.switchId} ${p.north}->${p.south}, which is not present`, c.switchId);
      if (adds.has(k)) report(`removes and re-adds ${c.switchId} ${p.north}->${p.south} (a no-op counted as change)`, c.switchId);
    }
  }
  for (const c of changes) {
    for (const p of c.add) {
      const k = keys.circuit(c.switchId, p.north, p.south);
      if (state.has(k)) report(`adds ${c.switchId} ${p.north}->${p.south}, which is already present`, c.switchId);
      state.add(k);
    }
  }
  const afterIds = after.map((c) => keys.circuit(c.switchId, c.north, c.south));
  // Sorted comparison first; the Set walk that reports in order only when they differ.
  if (!sameIds(sortedIds(state, true), sortedIds(afterIds, true))) {
    const target = new Set(afterIds);
    for (const k of state) {
      if (!target.has(k)) report(`after applying the changes ${text(k)} is present but not in the target`);
    }
    for (const k of target) {
      if (!state.has(k)) report(`after applying the changes ${text(k)} is missing from the result`);
    }
  }
  const counts = countChanges(changes);
  for (const f of ['removed', 'added', 'touched', 'modified'] as const) {
    if (claimed[f] !== undefined && claimed[f] !== counts[f]) report(`claims ${f} = ${claimed[f]} but the change set has ${counts[f]}`);
  }
  return out;
}

/**
 * 1 + the largest port number in the data (at most 65,536), so that circuit ids stay small
 * integers (a 320-port fabric of 1,000 switches: below 2^27); larger or odd ports get interned ids.
 */
function portStride(before: readonly CrossConnect[], after: readonly CrossConnect[], changes: readonly SwitchChange[]): number {
  let max = 0;
  const see = (p: number) => {
    if (p > max && p < 65_536 && Number.isInteger(p)) max = p;
  };
  for (const list of [before, after]) {
    for (const c of list) {
      see(c.north);
      see(c.south);
    }
  }
  for (const c of changes) {
    for (const list of [c.remove, c.add]) {
      for (const p of list) {
        see(p.north);
        see(p.south);
      }
    }
  }
  return max + 1;
}
