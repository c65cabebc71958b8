/**
 * Dispatches a validated intent to its handler and assembles the verified plan.
 * Pure apart from the inputs it is given: no file or network access (run-cli.ts reads the files).
 */
import { buildFabricModel, type CrossConnect, type FabricSpec } from '@lightpath/topology';
import { handleMesh } from './handlers/mesh.handler';
import { handleRepair } from './handlers/repair.handler';
import { handleSlice } from './handlers/slice.handler';
import { handleTraffic } from './handlers/traffic.handler';
import type { Intent } from './intent.schema';
import { assemblePlan, type HandlerResult, type PlanOutput } from './plan-output';
import { stagePlan } from './stage-plan';

export interface PlanIntentOptions {
  /** Include the full cross-connect state after the plan in the output. */
  fullState?: boolean;
}

export async function planIntent(spec: FabricSpec, intent: Intent, current: CrossConnect[], options: PlanIntentOptions = {}): Promise<PlanOutput> {
  const model = buildFabricModel(spec, { trusted: true });
  let result: HandlerResult;
  switch (intent.kind) {
    case 'slice':
      result = handleSlice(model, intent, current);
      break;
    case 'mesh':
      result = handleMesh(spec, intent.links, current, 'mesh');
      break;
    case 'rewire':
      result = handleMesh(spec, intent.target, current, 'rewire');
      break;
    case 'traffic':
      result = await handleTraffic(spec, intent, current);
      break;
    case 'repair':
      result = handleRepair(spec, model, intent, current);
      break;
  }
  const maxLossShare = 'maxLossShare' in intent ? intent.maxLossShare : undefined;
  // A slice only adds on free ports (one stage); a cube move stages itself (the cube is out of
  // service). Everything else goes through the stager.
  if (intent.kind !== 'slice' && !result.stages) result = stagePlan(spec, current, result, maxLossShare);
  return assemblePlan(spec, intent.kind, current, result, { fullState: options.fullState, maxLossShare });
}
