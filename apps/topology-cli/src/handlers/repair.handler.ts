/**
 * Repair intent. A failed cube moves to a spare (repair-cube/), at the lower bound of one changed
 * circuit per circuit that touched the cube (2 per OCS on a pod, counted as `modified`).
 */
import { buildFabricModel, repairCube, type CrossConnect, type FabricModel, type FabricSpec } from '@lightpath/topology';
import type { RepairIntent } from '../intent.schema';
import type { HandlerResult } from '../plan-output';
import { handlePortOrOcsRepair } from './port-repair.handler';

export function handleRepair(spec: FabricSpec, model: FabricModel, intent: RepairIntent, current: CrossConnect[]): HandlerResult {
  const f = intent.failure;
  if (f.type !== 'cube') return handlePortOrOcsRepair(spec, f, current, intent.maxLossShare);
  // The failed cube is marked failed for planning, whatever the spec says, so it cannot be its own spare.
  const failedSpec: FabricSpec = { ...spec, endpoints: spec.endpoints.map((e) => (e.id === f.cube ? { ...e, health: 'failed' as const } : e)) };
  const alreadyFailed = spec.endpoints.some((e) => e.id === f.cube && e.health === 'failed');
  const plan = repairCube(alreadyFailed ? model : buildFabricModel(failedSpec, { trusted: true }), {
    failedCube: f.cube,
    spare: f.spare,
    current,
    layout: f.layout,
  });
  const { lowerBound, switchesTouched, ...counts } = plan.metrics;
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts,
    lowerBound: { modified: lowerBound },
    expectTorus: plan.layout,
    details: { spare: plan.spare, layout: plan.layout, switchesTouched },
    verifyAgainst: failedSpec,
  };
}
