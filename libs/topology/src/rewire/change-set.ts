/**
 * Change set of a rewiring: reads the final colouring state back into cross-connects and diffs it
 * against today's circuits, per switch.
 *
 * A circuit is kept when the same (switch, north port, south port) exists before and after;
 * everything else is a removal of the old circuit and/or an addition of the new one. Counts follow `ChangeCounts` in types.ts:
 * touched = removed + added (what the lower bound counts), modified = sum over switches of
 * max(removed, added). Complexity O(circuits + switches).
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { ChangeCounts, CrossConnect, SwitchChange } from '../types';
import type { RewireState } from './rewire-state.build';

export interface ChangeSet {
  crossConnects: CrossConnect[];
  changes: SwitchChange[];
  counts: ChangeCounts;
  /** Circuits of pairs whose count did not drop that still moved to another switch (cost above the bound). */
  movedKept: number;
}

function vertexOwners(first: Int32Array, count: number): { endpoint: Int32Array; copy: Int32Array } {
  const endpoint = new Int32Array(count);
  const copy = new Int32Array(count);
  for (let e = 0; e + 1 < first.length; e++) {
    for (let x = first[e]; x < first[e + 1]; x++) {
      endpoint[x] = e;
      copy[x] = x - first[e];
    }
  }
  return { endpoint, copy };
}

export function readChangeSet(index: PortIndex, rs: RewireState, target: Int32Array): ChangeSet {
  const { st, anchor, oldCount } = rs;
  const S = index.switches.length;
  const n = vertexOwners(rs.north.first, rs.north.count);
  const so = vertexOwners(rs.south.first, rs.south.count);
  const circuit = (e: number, s: number) => ({
    north: index.north[s][n.endpoint[st.edgeLeft[e]]][n.copy[st.edgeLeft[e]]],
    south: index.south[s][so.endpoint[st.edgeRight[e]]][so.copy[st.edgeRight[e]]],
  });
  // Diff by ports, not by edge identity: two circuits of one pair that trade switches are no change.
  const oldSouth = index.northOwner.map((o) => new Int32Array(o.length));
  const newSouth = index.northOwner.map((o) => new Int32Array(o.length));
  for (let e = 0; e < oldCount; e++) {
    const c = circuit(e, anchor[e]);
    oldSouth[anchor[e]][c.north] = c.south;
  }
  const crossConnects: CrossConnect[] = [...rs.untouched];
  const add: { north: number; south: number }[][] = Array.from({ length: S }, () => []);
  const remove: { north: number; south: number }[][] = Array.from({ length: S }, () => []);
  let movedKept = 0;
  for (let e = 0; e < st.colour.length; e++) {
    const s = st.colour[e];
    if (s < 0) continue;
    const c = circuit(e, s);
    newSouth[s][c.north] = c.south;
    crossConnects.push({ switchId: index.switches[s], ...c });
    if (oldSouth[s][c.north] !== c.south) {
      add[s].push(c);
      if (e < oldCount && target[rs.pair[e]] >= rs.oldMatrix[rs.pair[e]]) movedKept++;
    }
  }
  for (let e = 0; e < oldCount; e++) {
    const c = circuit(e, anchor[e]);
    if (newSouth[anchor[e]][c.north] !== c.south) remove[anchor[e]].push(c);
  }
  for (const f of rs.forcedRemovals) remove[index.switchIndex.get(f.switchId) as number].push({ north: f.north, south: f.south });
  const changes: SwitchChange[] = [];
  let removed = 0;
  let added = 0;
  let modified = 0;
  for (let s = 0; s < S; s++) {
    if (remove[s].length === 0 && add[s].length === 0) continue;
    changes.push({ switchId: index.switches[s], remove: remove[s], add: add[s] });
    removed += remove[s].length;
    added += add[s].length;
    modified += Math.max(remove[s].length, add[s].length);
  }
  return { crossConnects, changes, counts: { removed, added, touched: removed + added, modified }, movedKept };
}
