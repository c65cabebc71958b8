/**
 * Cube repair: move a failed cube's circuits onto a spare cube.
 *
 * Algorithm: every current cross-connect with an end on a port of the failed cube f is replaced by
 * the same cross-connect with that end moved to the spare's port of the same label (`x+:3` of f ->
 * `x+:3` of the spare, which the pod fibres to the same OCS and side). Nothing else changes, so the
 * rest of the slice keeps running.
 *
 * Counting (matches verify/diff.verifier.ts): on each OCS(d, k) f is in two circuits, north(f) ->
 * south(next) and north(prev) -> south(f) (one circuit f -> f when the slice is one cube long in d).
 * Each is removed and re-added with the spare in f's place: `modified` = 2 per OCS, 96 on a full
 * TPU v4 pod, as ocs-facts.md counts it; in removals plus additions (`touched`) that is 4 per OCS.
 * Lower bound: every circuit touching f must be torn down (f is failed), and each needs a
 * replacement to keep the torus, so `modified` >= the number of circuits touching f. This plan meets
 * the bound exactly.
 *
 * Spare choice: the caller's, else the first healthy cube marked spare whose ports are usable and
 * free, else (with allowNonSpare) any such free cube. Complexity O(current cross-connects + ports).
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';
import { buildCircuitTable } from '../model/circuit-table';
import type { FabricModel } from '../model/fabric-model';
import { cubeEdgeOf, cubePortsOf, cubeUnavailableReason } from '../slices/cube-ports';
import type { ChangeCounts, CrossConnect, SwitchChange, TorusLayout } from '../types';

const WHERE = 'repair-cube/repairCube';

export interface CubeRepairRequest {
  failedCube: string;
  current: CrossConnect[];
  /** Spare to use; default: first available spare cube. */
  spare?: string;
  /** Fall back to any free healthy cube when no marked spare is available (default true). */
  allowNonSpare?: boolean;
  /** The slice layout, returned with the spare in the failed cube's place. */
  layout?: TorusLayout;
}

export interface CubeRepairPlan {
  spare: string;
  changes: SwitchChange[];
  /** The full state after the repair. */
  crossConnects: CrossConnect[];
  layout?: TorusLayout;
  metrics: ChangeCounts & { lowerBound: number; switchesTouched: number };
}

function pickSpare(model: FabricModel, req: CubeRepairRequest, failed: number): number {
  const { links, edge } = cubeEdgeOf(model, WHERE);
  const busy = buildCircuitTable(model, req.current, WHERE);
  const ok = (c: number) => c !== failed && cubeUnavailableReason(model, c, cubePortsOf(model, c, links, edge), busy) === undefined;
  if (req.spare !== undefined) {
    const c = model.endpointOf(req.spare, WHERE);
    const why = c === failed ? 'it is the failed cube' : cubeUnavailableReason(model, c, cubePortsOf(model, c, links, edge), busy);
    if (why) throw new TopologyInfeasibleError(WHERE, 'spare-unavailable', `spare ${req.spare} cannot replace ${req.failedCube}: ${why}; pick another spare`);
    return c;
  }
  for (let c = 0; c < model.endpointCount; c++) if (model.endpointSpare[c] && ok(c)) return c;
  if (req.allowNonSpare ?? true) for (let c = 0; c < model.endpointCount; c++) if (!model.endpointSpare[c] && ok(c)) return c;
  throw new TopologyInfeasibleError(WHERE, 'no-spare-cube', `no healthy free cube can replace ${req.failedCube}; repair or free a cube first`);
}

export function repairCube(model: FabricModel, req: CubeRepairRequest): CubeRepairPlan {
  const failed = model.endpointOf(req.failedCube, WHERE);
  if (model.endpointKind[failed] !== 'cube') {
    throw new TopologyInvalidArgumentError(WHERE, `${req.failedCube} is a ${model.endpointKind[failed]}, not a cube; use port or OCS repair`);
  }
  const spare = pickSpare(model, req, failed);
  const fPorts = model.endpointPorts[failed];
  const sPorts = model.endpointPorts[spare];
  /** Port of the spare that takes over the failed cube's port (same label), per side. */
  const moved = (switchId: string, side: 'north' | 'south', port: number): number | undefined => {
    const s = model.switchIndex.get(switchId)!;
    const fi = side === 'north' ? model.northFibre[model.northBase[s] + port - 1] : model.southFibre[model.southBase[s] + port - 1];
    if (fi < 0 || model.spec.fibres[fi].endpoint !== req.failedCube || fPorts.get(model.spec.fibres[fi].endpointPort) !== fi) return undefined;
    const label = model.spec.fibres[fi].endpointPort;
    const si = sPorts.get(label);
    const sf = si === undefined ? undefined : model.spec.fibres[si];
    if (!sf || sf.switchId !== switchId || sf.side !== side) {
      throw new TopologyInfeasibleError(
        WHERE,
        'spare-wiring',
        `spare ${model.endpointIds[spare]} port ${label} is not on ${switchId} ${side} like the failed cube's; the spare must be wired like the cube it replaces`,
      );
    }
    return sf.port;
  };
  const bySwitch = new Map<string, SwitchChange>();
  const after: CrossConnect[] = [];
  for (const c of req.current) {
    const n = moved(c.switchId, 'north', c.north);
    const s = moved(c.switchId, 'south', c.south);
    if (n === undefined && s === undefined) {
      after.push(c);
      continue;
    }
    const next = { north: n ?? c.north, south: s ?? c.south };
    after.push({ switchId: c.switchId, ...next });
    let ch = bySwitch.get(c.switchId);
    if (!ch) bySwitch.set(c.switchId, (ch = { switchId: c.switchId, remove: [], add: [] }));
    ch.remove.push({ north: c.north, south: c.south });
    ch.add.push(next);
  }
  const changes = [...bySwitch.values()];
  const removed = changes.reduce((a, c) => a + c.remove.length, 0);
  const layout = req.layout && { ...req.layout, cubes: req.layout.cubes.map((id) => (id === req.failedCube ? model.endpointIds[spare] : id)) };
  return {
    spare: model.endpointIds[spare],
    changes,
    crossConnects: after,
    layout,
    // Each circuit touching the failed cube is one removal and one addition on the same switch.
    metrics: { removed, added: removed, touched: 2 * removed, modified: removed, lowerBound: removed, switchesTouched: changes.length },
  };
}
