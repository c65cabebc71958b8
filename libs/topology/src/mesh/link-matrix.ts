/**
 * Link matrices: the logical topology as a dense E x E count matrix over a port index's endpoints
 * (row = the endpoint on the north side of the circuit, column = the endpoint on the south side).
 *
 * Why dense: J64 is 64 x 64 and the scale case 320 x 320, so a flat Int32Array beats maps in every
 * planner loop, and equal matrices compare with one pass. Complexity O(E^2 + demands).
 */
import { TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import type { CrossConnect, LinkDemand } from '../types';
import type { PortIndex } from './port-index.build';

// A demand here is directed: `a` is the endpoint on the north side of the circuits, `b` the one on
// the south side (verify with `verifyLinkCounts(..., { directed: true })`).

export function linkMatrixFromDemands(index: PortIndex, demands: readonly LinkDemand[], where = 'mesh/linkMatrixFromDemands'): Int32Array {
  const E = index.endpoints.length;
  const m = new Int32Array(E * E);
  demands.forEach((d, i) => {
    const u = index.endpointIndex.get(d.a);
    const v = index.endpointIndex.get(d.b);
    if (u === undefined || v === undefined) {
      throw new TopologyNotFoundError(where, `demands[${i}] names unknown endpoint ${u === undefined ? d.a : d.b}; use ids from the fabric spec`);
    }
    if (!Number.isInteger(d.links) || d.links < 0) {
      throw new TopologyInvalidArgumentError(where, `demands[${i}].links must be an integer >= 0, got ${d.links}`);
    }
    m[u * E + v] += d.links;
  });
  return m;
}

export function linkMatrixToDemands(index: PortIndex, matrix: Int32Array): LinkDemand[] {
  const E = index.endpoints.length;
  const out: LinkDemand[] = [];
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      const c = matrix[u * E + v];
      if (c > 0) out.push({ a: index.endpoints[u], b: index.endpoints[v], links: c });
    }
  }
  return out;
}

/**
 * Reads cross-connects back into a link matrix. Circuits whose ports are not both fibred are
 * skipped (they join no endpoints, so they carry no logical link).
 */
export function linkMatrixOfCrossConnects(index: PortIndex, crossConnects: readonly CrossConnect[]): Int32Array {
  const E = index.endpoints.length;
  const m = new Int32Array(E * E);
  for (const cc of crossConnects) {
    const s = index.switchIndex.get(cc.switchId);
    if (s === undefined) throw new TopologyNotFoundError('mesh/linkMatrixOfCrossConnects', `unknown switch ${cc.switchId}; use ids from the fabric spec`);
    const u = index.northOwner[s][cc.north] ?? -1;
    const v = index.southOwner[s][cc.south] ?? -1;
    if (u >= 0 && v >= 0) m[u * E + v]++;
  }
  return m;
}
