/**
 * Circuit table: a set of cross-connects indexed by switch-port slot (see fabric-model.ts), so
 * "which south port is north port p joined to" is one array read. Used by planners to read the
 * current wiring; the verifier deliberately does not use it (it keeps its own maps).
 *
 * Complexity O(total ports + cross-connects). Invariant enforced on build: each port in at most one
 * cross-connect (I1); a table that would break it is a TopologyConflictError, because a plan
 * computed from contradictory state would be wrong.
 */
import { TopologyConflictError, TopologyInvalidArgumentError } from '../errors';
import type { CrossConnect } from '../types';
import type { FabricModel } from './fabric-model';

export interface CircuitTable {
  /** South port joined to each north slot, or -1. */
  southOfNorth: Int32Array;
  /** North port joined to each south slot, or -1. */
  northOfSouth: Int32Array;
  count: number;
}

export function emptyCircuitTable(model: FabricModel): CircuitTable {
  return {
    southOfNorth: new Int32Array(model.northBase[model.switchCount]).fill(-1),
    northOfSouth: new Int32Array(model.southBase[model.switchCount]).fill(-1),
    count: 0,
  };
}

export function buildCircuitTable(model: FabricModel, crossConnects: readonly CrossConnect[], where = 'model/buildCircuitTable'): CircuitTable {
  const t = emptyCircuitTable(model);
  for (let i = 0; i < crossConnects.length; i++) {
    const c = crossConnects[i];
    const s = model.switchOf(c.switchId, where);
    if (!Number.isInteger(c.north) || c.north < 1 || c.north > model.northPorts[s] || !Number.isInteger(c.south) || c.south < 1 || c.south > model.southPorts[s]) {
      throw new TopologyInvalidArgumentError(
        where,
        `crossConnects[${i}] ${c.switchId} ${c.north}->${c.south} is out of range (north 1..${model.northPorts[s]}, south 1..${model.southPorts[s]}); fix the current state`,
      );
    }
    const n = model.northBase[s] + c.north - 1;
    const so = model.southBase[s] + c.south - 1;
    if (t.southOfNorth[n] >= 0 || t.northOfSouth[so] >= 0) {
      throw new TopologyConflictError(
        where,
        `crossConnects[${i}] ${c.switchId} ${c.north}->${c.south} reuses a port already in another cross-connect (I1); reconcile the current state first`,
      );
    }
    t.southOfNorth[n] = c.south;
    t.northOfSouth[so] = c.north;
    t.count++;
  }
  return t;
}

/** Back to plain cross-connects, ordered by switch then north port. */
export function circuitTableToCrossConnects(model: FabricModel, t: CircuitTable): CrossConnect[] {
  const out: CrossConnect[] = [];
  for (let s = 0; s < model.switchCount; s++) {
    const base = model.northBase[s];
    for (let p = 0; p < model.northPorts[s]; p++) {
      const south = t.southOfNorth[base + p];
      if (south >= 0) out.push({ switchId: model.switchIds[s], north: p + 1, south });
    }
  }
  return out;
}
