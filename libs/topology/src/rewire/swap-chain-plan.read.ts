/**
 * Reading a swap-chain state (swap-chain-state.ts) back into a rewiring plan: cross-connects after,
 * the change per switch, counts, and the co-location bound of colocation-bound.ts computed on the
 * permutations. Complexity O(switch ports + E^2 x S) (the bound looks at every switch per deficit pair).
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect, SwitchChange } from '../types';
import type { RewirePlan } from './rewire-plan';
import type { Perms } from './swap-chain-state';

/** The co-location bound of colocation-bound.ts on permutations: deficits no switch can take without moving a kept circuit. */
export function colocationBoundOf(p: Perms, lowerBound: number): number {
  const { S, E, nb, sb, R } = p;
  const shrinking = (u: number, v: number) => v >= 0 && u >= 0 && R[u * E + v] < 0;
  let blocked = 0;
  for (let cell = 0; cell < E * E; cell++) {
    if (R[cell] <= 0) continue;
    const u = Math.floor(cell / E);
    const v = cell % E;
    let open = 0;
    for (let s = 0; s < S && open < R[cell]; s++) {
      const x = nb[s * E + u];
      const y = sb[s * E + v];
      if ((x < 0 || shrinking(u, x)) && (y < 0 || shrinking(y, v))) open++;
    }
    blocked += Math.max(0, R[cell] - open);
  }
  return lowerBound + 2 * Math.ceil(blocked / 2);
}

export function readPlan(index: PortIndex, p: Perms, target: Int32Array, lowerBound: number, colocationBound: number): RewirePlan {
  const { S, E, nb, orig } = p;
  const crossConnects: CrossConnect[] = [];
  const changes: SwitchChange[] = [];
  const added = new Int32Array(E * E);
  let removed = 0;
  let addedCount = 0;
  let modified = 0;
  for (let s = 0; s < S; s++) {
    const sw = index.switches[s];
    const remove: SwitchChange['remove'] = [];
    const add: SwitchChange['add'] = [];
    for (let u = 0; u < E; u++) {
      const v = nb[s * E + u];
      const o = orig[s * E + u];
      if (v >= 0) crossConnects.push({ switchId: sw, north: p.northPort[s * E + u], south: p.southPort[s * E + v] });
      if (v === o) continue;
      if (o >= 0) remove.push({ north: p.northPort[s * E + u], south: p.southPort[s * E + o] });
      if (v >= 0) {
        add.push({ north: p.northPort[s * E + u], south: p.southPort[s * E + v] });
        added[u * E + v]++;
      }
    }
    if (remove.length === 0 && add.length === 0) continue;
    changes.push({ switchId: sw, remove, add });
    removed += remove.length;
    addedCount += add.length;
    modified += Math.max(remove.length, add.length);
  }
  // Circuits added beyond their pair's gain: kept circuits that moved to another switch.
  let movedKept = 0;
  const gain = new Int32Array(E * E);
  for (let s = 0; s < S; s++) for (let u = 0; u < E; u++) if (orig[s * E + u] >= 0) gain[u * E + orig[s * E + u]]--;
  for (let cell = 0; cell < E * E; cell++) {
    gain[cell] += target[cell];
    movedKept += Math.max(0, added[cell] - Math.max(0, gain[cell]));
  }
  const touched = removed + addedCount;
  const ratio = lowerBound === 0 ? (touched === 0 ? 1 : Infinity) : touched / lowerBound;
  return { crossConnects, changes, counts: { removed, added: addedCount, touched, modified }, lowerBound, ratio, colocationBound, movedKept };
}
