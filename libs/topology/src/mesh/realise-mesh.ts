/**
 * Logical mesh realisation: a requested number of circuits per ordered (north endpoint, south
 * endpoint) pair, realised as one set of cross-connects per OCS that respects the fibres.
 *
 * Algorithm: bipartite multigraph edge colouring where the colours are the switches. An endpoint
 * with up to k ports per side on a switch is split into k virtual vertices; copy j may take colour s
 * only if the endpoint has more than j usable ports on s, so a colouring maps every circuit to a
 * distinct fibred port (copy j on switch s -> the j-th port). The colouring itself is
 * `colourBipartiteMultigraph` (alternating paths, Konig). Complexity O(E x (S/32 + V)) for E
 * circuits, S switches, V virtual vertices; J64 (16,384 circuits, 256 switches) takes a few ms.
 *
 * Guarantee: when every endpoint has the same number of usable ports on every switch (J64, the TPU
 * pod, any generated block fabric) and no endpoint's demand exceeds its ports, the result always
 * exists (Konig). With ragged fibres the problem is a 3-index assignment (NP-hard in general); the
 * colouring is then a heuristic and a failure is reported as `TopologyInfeasibleError`
 * (`rule: 'no-common-switch-left'`) with the pairs it could not place.
 *
 * Reference: D. Konig (1916); Jupiter Evolving (SIGCOMM 2022) section 4 for the block-level use.
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';
import type { CrossConnect } from '../types';
import { colourBipartiteMultigraph } from './bipartite-edge-colouring';
import type { PortIndex } from './port-index.build';
import { buildVirtualSides, checkMeshDemand } from './virtual-sides';

export interface MeshRealisation {
  crossConnects: CrossConnect[];
  /** Circuits per switch, in index order (for quick balance checks). */
  perSwitch: number[];
}

const WHERE = 'mesh/realiseMesh';

export function realiseMesh(index: PortIndex, demand: Int32Array): MeshRealisation {
  const E = index.endpoints.length;
  const S = index.switches.length;
  if (!(demand instanceof Int32Array) || demand.length !== E * E) {
    throw new TopologyInvalidArgumentError(WHERE, `demand must be an Int32Array of ${E}x${E} link counts; build it with linkMatrixFromDemands`);
  }
  checkMeshDemand(index, demand, WHERE);
  const north = buildVirtualSides(index, 'north', demand);
  const south = buildVirtualSides(index, 'south', demand);
  const m = north.edgeVertex.length;
  const colouring = colourBipartiteMultigraph({
    nLeft: north.vertexCount,
    nRight: south.vertexCount,
    colours: S,
    edgeLeft: north.edgeVertex,
    edgeRight: south.edgeVertex,
    allowedLeft: north.allowed,
    allowedRight: south.allowed,
  });
  if (colouring.uncoloured.length > 0) {
    const pairs = colouring.uncoloured
      .slice(0, 5)
      .map((e) => `${index.endpoints[north.vertexEndpoint[north.edgeVertex[e]]]}->${index.endpoints[south.vertexEndpoint[south.edgeVertex[e]]]}`);
    throw new TopologyInfeasibleError(
      WHERE,
      'no-common-switch-left',
      `${colouring.uncoloured.length} circuit(s) found no switch with a free port on both ends (e.g. ${pairs.join(', ')}); the fibres are ragged, add fibres or lower those link counts`,
    );
  }
  const crossConnects: CrossConnect[] = new Array(m);
  const perSwitch = new Array<number>(S).fill(0);
  for (let e = 0; e < m; e++) {
    const s = colouring.colour[e];
    const xv = north.edgeVertex[e];
    const yv = south.edgeVertex[e];
    const np = index.north[s][north.vertexEndpoint[xv]][north.vertexCopy[xv]];
    const sp = index.south[s][south.vertexEndpoint[yv]][south.vertexCopy[yv]];
    crossConnects[e] = { switchId: index.switches[s], north: np, south: sp };
    perSwitch[s]++;
  }
  return { crossConnects, perSwitch };
}
