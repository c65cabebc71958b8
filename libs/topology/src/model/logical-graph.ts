/**
 * The logical topology as a graphology graph: endpoint nodes, one directed edge per cross-connect
 * from the endpoint on its north port to the endpoint on its south port (edge attributes name the
 * switch and ports). Graph algorithms (paths, degrees, connectivity) then apply to what the circuits
 * actually connect, e.g. average block-level path length in Jupiter Evolving terms.
 *
 * Complexity O(endpoints + cross-connects). Cross-connects with an unfibred end join no endpoints
 * and are skipped; unknown switches are a TopologyNotFoundError.
 */
import { MultiDirectedGraph } from 'graphology';
import type { CrossConnect, EndpointKind } from '../types';
import type { FabricModel } from './fabric-model';

export interface LogicalNodeAttributes {
  kind: EndpointKind;
  healthy: boolean;
  spare: boolean;
}

export interface CircuitEdgeAttributes {
  switchId: string;
  north: number;
  south: number;
}

export type LogicalGraph = MultiDirectedGraph<LogicalNodeAttributes, CircuitEdgeAttributes>;

export function buildLogicalGraph(model: FabricModel, crossConnects: readonly CrossConnect[]): LogicalGraph {
  const g: LogicalGraph = new MultiDirectedGraph();
  for (let e = 0; e < model.endpointCount; e++) {
    g.addNode(model.endpointIds[e], { kind: model.endpointKind[e], healthy: model.endpointHealthy[e] === 1, spare: model.endpointSpare[e] === 1 });
  }
  for (const c of crossConnects) {
    const s = model.switchOf(c.switchId, 'model/buildLogicalGraph');
    if (c.north < 1 || c.north > model.northPorts[s] || c.south < 1 || c.south > model.southPorts[s]) continue;
    const u = model.northEndpoint[model.northBase[s] + c.north - 1];
    const v = model.southEndpoint[model.southBase[s] + c.south - 1];
    if (u < 0 || v < 0) continue;
    g.addDirectedEdge(model.endpointIds[u], model.endpointIds[v], { switchId: c.switchId, north: c.north, south: c.south });
  }
  return g;
}
