/**
 * Per-cube port table of a cube pod, read from the fibres (not from generator naming), so a pod
 * written fibre by fibre works as well as a generated one.
 *
 * For cube c, dim d and face-link k: the switch and slot of its `<d>+:<k>` port (must be a north
 * port) and of its `<d>-:<k>` port (must be a south port). A cube is *available* for a new slice
 * when it is a healthy cube, every one of those ports exists, is usable (port and switch healthy)
 * and is in no current cross-connect.
 *
 * Complexity O(cubes x 6 x linksPerFace).
 */
import { TopologyInfeasibleError } from '../errors';
import { CUBE_DIMS, cubePortLabel } from '../generators/cube-port-label';
import type { CircuitTable } from '../model/circuit-table';
import type { FabricModel } from '../model/fabric-model';

export interface CubePorts {
  /** linksPerFace; each face has edge^2 links. */
  links: number;
  edge: number;
  /** Index d * links + k -> switch index (or -1 when unfibred / on the wrong side). */
  plusSwitch: Int32Array;
  plusPort: Int32Array;
  minusSwitch: Int32Array;
  minusPort: Int32Array;
  complete: boolean;
}

/** Face links per cube, inferred from the +x face of the first fibred cube; edge = sqrt(links). */
export function cubeEdgeOf(model: FabricModel, where: string): { links: number; edge: number } {
  // The first cube with a +x face (a cube with no fibres at all says nothing about the pod).
  let first = -1;
  for (let c = 0; c < model.endpointCount && first < 0; c++) {
    if (model.endpointKind[c] === 'cube' && model.endpointPorts[c].has(cubePortLabel('x', '+', 0))) first = c;
  }
  if (first < 0) throw new TopologyInfeasibleError(where, 'no-cubes', 'the fabric has no fibred cube endpoints; slices need a cube pod (generateCubePod)');
  let links = 0;
  while (model.endpointPorts[first].has(cubePortLabel('x', '+', links))) links++;
  const edge = Math.round(Math.sqrt(links));
  if (links === 0 || edge * edge !== links) {
    throw new TopologyInfeasibleError(
      where,
      'cube-face-square',
      `cube ${model.endpointIds[first]} has ${links} links on its +x face; a face of edge x edge chips needs a square number of links`,
    );
  }
  return { links, edge };
}

export function cubePortsOf(model: FabricModel, cube: number, links: number, edge: number): CubePorts {
  const n = 3 * links;
  const t: CubePorts = {
    links,
    edge,
    plusSwitch: new Int32Array(n).fill(-1),
    plusPort: new Int32Array(n),
    minusSwitch: new Int32Array(n).fill(-1),
    minusPort: new Int32Array(n),
    complete: true,
  };
  const ports = model.endpointPorts[cube];
  for (let d = 0; d < 3; d++) {
    for (let k = 0; k < links; k++) {
      const fp = ports.get(cubePortLabel(CUBE_DIMS[d], '+', k));
      const fm = ports.get(cubePortLabel(CUBE_DIMS[d], '-', k));
      const p = fp === undefined ? undefined : model.spec.fibres[fp];
      const m = fm === undefined ? undefined : model.spec.fibres[fm];
      if (p && p.side === 'north') {
        t.plusSwitch[d * links + k] = model.switchIndex.get(p.switchId)!;
        t.plusPort[d * links + k] = p.port;
      } else t.complete = false;
      if (m && m.side === 'south') {
        t.minusSwitch[d * links + k] = model.switchIndex.get(m.switchId)!;
        t.minusPort[d * links + k] = m.port;
      } else t.complete = false;
    }
  }
  return t;
}

/** Why a cube cannot join a new slice, or undefined when it can. */
export function cubeUnavailableReason(model: FabricModel, cube: number, t: CubePorts, busy: CircuitTable | undefined): string | undefined {
  if (model.endpointKind[cube] !== 'cube') return 'not a cube';
  if (!model.endpointHealthy[cube]) return 'cube is failed';
  if (!t.complete) return 'cube is missing face fibres';
  for (let i = 0; i < t.plusSwitch.length; i++) {
    const n = model.northBase[t.plusSwitch[i]] + t.plusPort[i] - 1;
    const s = model.southBase[t.minusSwitch[i]] + t.minusPort[i] - 1;
    if (!model.northUsable[n] || !model.southUsable[s]) return 'a face port or its OCS is failed';
    if (busy && (busy.southOfNorth[n] >= 0 || busy.northOfSouth[s] >= 0)) return 'cube is busy (a face port is in a current cross-connect)';
  }
  return undefined;
}
