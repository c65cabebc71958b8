/**
 * planIntent: intent + fabric spec + current cross-connects -> the verified plan (docs/topology-cli.md).
 *
 * Dispatches the intent to its synthesis (slice, mesh realisation or minimal rewiring, traffic-aware
 * topology, cube/port/OCS repair), stages the change set under the capacity guard (I7) and passes the
 * result through the independent verifier; violations are returned in the plan, never thrown.
 * Pure: no I/O, the same call from the offline CLI (files) and the orchestrator (Redis) gives the
 * same plan. Cost is the chosen synthesis's plus O(cross-connects) for staging and verification.
 *
 * Throws TopologySpecError (intent fields, with paths), TopologyNotFoundError (an endpoint, cube or
 * switch the fabric lacks), TopologyConflictError (current state contradicts itself) and
 * TopologyInfeasibleError (with `rule`).
 */
import { buildFabricModel } from '../model/fabric-model';
import type { CrossConnect, FabricSpec } from '../types';
import { assemblePlan, type HandlerResult, type PlanOutput } from './assemble-plan';
import type { Intent } from './intent.schema';
import { parseIntent } from './parse-intent';
import { handleCircuits } from './circuits.handler';
import { handleLinks } from './links.handler';
import { handleMesh } from './mesh.handler';
import { handleRepair } from './repair.handler';
import { handleSlice } from './slice.handler';
import { stagePlan } from './stage-plan';
import { handleTraffic } from './traffic.handler';

export interface PlanIntentOptions {
  /** Include the full cross-connect state after the plan in the output. */
  fullState?: boolean;
}

export async function planIntent(spec: FabricSpec, intent: Intent, current: CrossConnect[], options: PlanIntentOptions = {}): Promise<PlanOutput> {
  // Checked again here (not only by callers that parsed JSON) because a typed caller can still hand
  // over out-of-range values, and a wrong plan is worse than a refused one.
  intent = parseIntent(intent);
  // Only slices and repairs read the model: a mesh of 1,000 OCS need not index 640,000 fibres for it.
  const model = () => buildFabricModel(spec, { trusted: true });
  let result: HandlerResult;
  switch (intent.kind) {
    case 'slice':
      result = handleSlice(model(), intent, current);
      break;
    case 'mesh':
      result = await handleMesh(spec, intent.links, current, 'mesh', { budgetMs: intent.budgetMs, directed: intent.directed });
      break;
    case 'rewire':
      result = await handleMesh(spec, intent.target, current, 'rewire', { budgetMs: intent.budgetMs, directed: intent.directed });
      break;
    case 'traffic':
      result = await handleTraffic(spec, intent, current);
      break;
    case 'repair':
      result = handleRepair(spec, model(), intent, current);
      break;
    case 'links':
      result = handleLinks(spec, intent, current);
      break;
    case 'circuits':
      result = handleCircuits(spec, intent, current);
      break;
  }
  const maxLossShare = 'maxLossShare' in intent ? intent.maxLossShare : undefined;
  // A slice only adds on free ports (one stage); a cube move stages itself (the cube is out of
  // service). Everything else goes through the stager.
  if (intent.kind !== 'slice' && !result.stages) result = stagePlan(spec, current, result, maxLossShare);
  return assemblePlan(spec, intent.kind, current, result, { fullState: options.fullState, maxLossShare });
}
