/**
 * Rewiring state: today's circuits read into the colouring state of mesh/ (virtual vertex per
 * endpoint port copy, colour = switch), each circuit anchored to the switch it is on, plus room for
 * the circuits the target adds.
 *
 * Copy j of endpoint u on switch s is the j-th usable port of u on s (same rule as the mesh
 * realiser), so a circuit on port p reads back as copy indexOf(p). Circuits that touch an unusable
 * port (failed or drained switch, failed port or endpoint) cannot be kept and are returned apart as
 * forced removals; so are circuits with an unfibred end (they carry no link). `untouched` stays
 * for callers that read it and is always empty.
 *
 * Complexity O(switch ports + circuits + E^2). Throws TopologyConflictError when a port appears in
 * two current circuits (reconcile the switch first).
 */
import { TopologyConflictError, TopologyNotFoundError } from '../errors';
import { createColouringState, placeEdge, type ColouringState } from '../mesh/colouring-state';
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';

export interface VirtualLayout {
  copies: Int32Array;
  first: Int32Array;
  count: number;
  allowed: Uint32Array | undefined;
}

export interface RewireState {
  st: ColouringState;
  north: VirtualLayout;
  south: VirtualLayout;
  /** Switch each edge had in the current state, -1 for edges the target adds. */
  anchor: Int32Array;
  /** Number of edges read from current circuits (edges [0, oldCount)); new edges follow. */
  oldCount: number;
  /** Pair (u*E+v) of every edge. */
  pair: Int32Array;
  /** Current link matrix over usable circuits. */
  oldMatrix: Int32Array;
  forcedRemovals: CrossConnect[];
  untouched: CrossConnect[];
}

function layout(index: PortIndex, side: 'north' | 'south'): VirtualLayout {
  const ports = side === 'north' ? index.north : index.south;
  const E = index.endpoints.length;
  const S = index.switches.length;
  const W = (S + 31) >>> 5;
  const copies = new Int32Array(E);
  let ragged = false;
  for (let e = 0; e < E; e++) {
    let lo = Infinity;
    let hi = 0;
    for (let s = 0; s < S; s++) {
      const k = ports[s][e].length;
      hi = Math.max(hi, k);
      lo = Math.min(lo, k);
    }
    copies[e] = hi;
    if (lo !== hi) ragged = true;
  }
  const first = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) first[e + 1] = first[e] + copies[e];
  let allowed: Uint32Array | undefined;
  if (ragged) {
    allowed = new Uint32Array(first[E] * W);
    for (let s = 0; s < S; s++) {
      for (let e = 0; e < E; e++) {
        for (let j = 0; j < ports[s][e].length; j++) allowed[(first[e] + j) * W + (s >>> 5)] |= 1 << (s & 31);
      }
    }
  }
  return { copies, first, count: first[E], allowed };
}

export function buildRewireState(index: PortIndex, current: readonly CrossConnect[], newEdges: number, where: string): RewireState {
  const E = index.endpoints.length;
  const north = layout(index, 'north');
  const south = layout(index, 'south');
  const usable: { s: number; u: number; v: number; x: number; y: number }[] = [];
  const forcedRemovals: CrossConnect[] = [];
  const untouched: CrossConnect[] = [];
  // Port occupancy per switch as typed arrays (a string-keyed set costs ~1 s at 1,000 OCS).
  const seenN = index.northOwner.map((o) => new Uint8Array(o.length));
  const seenS = index.southOwner.map((o) => new Uint8Array(o.length));
  for (const cc of current) {
    const s = index.switchIndex.get(cc.switchId);
    if (s === undefined) throw new TopologyNotFoundError(where, `current cross-connect names unknown switch ${cc.switchId}; use ids from the fabric spec`);
    if (!(cc.north >= 1 && cc.north < seenN[s].length && cc.south >= 1 && cc.south < seenS[s].length)) {
      throw new TopologyNotFoundError(where, `current cross-connect ${cc.switchId} ${cc.north}->${cc.south} names a port the switch does not have; fix the state`);
    }
    if (seenN[s][cc.north] || seenS[s][cc.south]) {
      throw new TopologyConflictError(where, `${cc.switchId} ${cc.north}->${cc.south} reuses a port of another current cross-connect; reconcile the switch first`);
    }
    seenN[s][cc.north] = 1;
    seenS[s][cc.south] = 1;
    const u = index.northOwner[s][cc.north] ?? -1;
    const v = index.southOwner[s][cc.south] ?? -1;
    if (u < 0 || v < 0) {
      // An unfibred end: the circuit carries no link, may hold a port the planner needs, and the
      // verifier rejects it (F fibres respected), so it goes.
      forcedRemovals.push(cc);
      continue;
    }
    const j = index.north[s][u].indexOf(cc.north);
    const k = index.south[s][v].indexOf(cc.south);
    if (j < 0 || k < 0) forcedRemovals.push(cc);
    else usable.push({ s, u, v, x: north.first[u] + j, y: south.first[v] + k });
  }
  const m = usable.length + newEdges;
  const edgeLeft = new Int32Array(m).fill(-1);
  const edgeRight = new Int32Array(m).fill(-1);
  const anchor = new Int32Array(m).fill(-1);
  const pair = new Int32Array(m).fill(-1);
  const oldMatrix = new Int32Array(E * E);
  usable.forEach((c, e) => {
    edgeLeft[e] = c.x;
    edgeRight[e] = c.y;
    anchor[e] = c.s;
    pair[e] = c.u * E + c.v;
    oldMatrix[c.u * E + c.v]++;
  });
  const st = createColouringState(north.count, south.count, index.switches.length, edgeLeft, edgeRight, north.allowed, south.allowed);
  usable.forEach((c, e) => placeEdge(st, e, c.s));
  return { st, north, south, anchor, oldCount: usable.length, pair, oldMatrix, forcedRemovals, untouched };
}
