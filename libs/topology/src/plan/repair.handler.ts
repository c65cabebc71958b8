/**
 * Repair intent.
 * - cube: the failed cube's circuits move to a spare (repair-cube/), at the lower bound of one
 *   changed circuit per circuit that touched the cube (2 per OCS on a pod, counted as `modified`);
 * - port on a cube face: the same cube move. Rewiring around the port would keep the link counts but
 *   join the cube's face link to some other face or OCS, which is not the torus any more; moving the
 *   whole cube is the only repair that keeps every chip's neighbours;
 * - OCS of a cube pod: refused (rule `ocs-carries-torus-links`): OCS(d, k) alone carries face link k
 *   of dim d for every cube, so no other switch can take its circuits;
 * - port or OCS of a block fabric: rewiring around the failure (port-repair.handler.ts).
 */
import { TopologyInfeasibleError } from '../errors';
import { buildFabricModel, type FabricModel } from '../model/fabric-model';
import { repairCube } from '../repair-cube/cube.repair';
import { withFailures } from '../repair-ports/plan-port-repair';
import type { CrossConnect, FabricSpec, TorusLayout } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { RepairIntent } from './intent.schema';
import { handlePortOrOcsRepair } from './port-repair.handler';

/**
 * The cube is marked failed for planning and verification, whatever the spec says: it is taken out
 * of service (its job moves to the spare's chips), so it can be neither kept nor its own spare, and
 * its circuits carry no capacity the stage guard (I7) must protect.
 */
function moveCube(spec: FabricSpec, cube: string, current: CrossConnect[], spare?: string, layout?: TorusLayout): HandlerResult {
  const failedSpec: FabricSpec = { ...spec, endpoints: spec.endpoints.map((e) => (e.id === cube ? { ...e, health: 'failed' as const } : e)) };
  const plan = repairCube(buildFabricModel(failedSpec, { trusted: true }), { failedCube: cube, spare, current, layout });
  const { lowerBound, switchesTouched, ...counts } = plan.metrics;
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts,
    lowerBound: { modified: lowerBound },
    expectTorus: plan.layout,
    // One stage: the cube is out of service, so no live capacity is at stake (I7 does not apply).
    stages: plan.changes.length > 0 ? [{ index: 0, changes: plan.changes }] : [],
    stageLowerBound: plan.changes.length > 0 ? 1 : 0,
    details: { method: 'move-cube-to-spare', cube, spare: plan.spare, layout: plan.layout, switchesTouched },
    verifyAgainst: failedSpec,
  };
}

export function handleRepair(spec: FabricSpec, model: FabricModel, intent: RepairIntent, current: CrossConnect[]): HandlerResult {
  const f = intent.failure;
  if (f.type === 'cube') return moveCube(spec, f.cube, current, f.spare, f.layout);
  const s = model.switchOf(f.switchId, 'plan/repair');
  if (f.type === 'port') {
    const fibre = model.fibreAt(s, f.side, f.port);
    if (fibre && model.endpointKind[model.endpointOf(fibre.endpoint)] === 'cube') {
      return moveCube(withFailures(spec, [{ type: 'port', switchId: f.switchId, side: f.side, port: f.port }]), fibre.endpoint, current, f.spare, f.layout);
    }
  } else {
    const base = model.northBase[s];
    for (let p = 0; p < model.northPorts[s]; p++) {
      const e = model.northEndpoint[base + p];
      if (e >= 0 && model.endpointKind[e] === 'cube') {
        throw new TopologyInfeasibleError(
          'plan/repair',
          'ocs-carries-torus-links',
          `${f.switchId} carries one face link of every cube, which no other switch can take over; repair or replace the OCS (slices through it run degraded until then)`,
        );
      }
    }
  }
  return handlePortOrOcsRepair(spec, f, current);
}
