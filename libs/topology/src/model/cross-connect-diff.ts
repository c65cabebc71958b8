/**
 * Set difference of two cross-connect states, per switch: what a plan must tear down and build.
 *
 * Complexity O(|before| + |after|) with one hash set per side. Switches are reported in order of
 * first appearance (before, then after); switches with no change are omitted. A pair present in both
 * states is never touched, so the result is the smallest change set between the two states.
 */
import type { CrossConnect, SwitchChange } from '../types';

export function diffCrossConnects(before: readonly CrossConnect[], after: readonly CrossConnect[]): SwitchChange[] {
  const k = (c: CrossConnect) => `${c.switchId}\u0000${c.north}\u0000${c.south}`;
  const inBefore = new Set(before.map(k));
  const inAfter = new Set(after.map(k));
  const bySwitch = new Map<string, SwitchChange>();
  const entry = (id: string) => {
    let e = bySwitch.get(id);
    if (!e) bySwitch.set(id, (e = { switchId: id, remove: [], add: [] }));
    return e;
  };
  for (const c of before) if (!inAfter.has(k(c))) entry(c.switchId).remove.push({ north: c.north, south: c.south });
  for (const c of after) if (!inBefore.has(k(c))) entry(c.switchId).add.push({ north: c.north, south: c.south });
  return [...bySwitch.values()];
}

/** Applies removals then additions; the result is ordered by switch id then north port. */
export function applyChanges(state: readonly CrossConnect[], changes: readonly SwitchChange[]): CrossConnect[] {
  const k = (s: string, n: number, so: number) => `${s}\u0000${n}\u0000${so}`;
  const map = new Map<string, CrossConnect>(state.map((c) => [k(c.switchId, c.north, c.south), c]));
  for (const ch of changes) for (const p of ch.remove) map.delete(k(ch.switchId, p.north, p.south));
  for (const ch of changes) for (const p of ch.add) map.set(k(ch.switchId, p.north, p.south), { switchId: ch.switchId, ...p });
  return [...map.values()].sort((a, b) => (a.switchId < b.switchId ? -1 : a.switchId > b.switchId ? 1 : a.north - b.north));
}
