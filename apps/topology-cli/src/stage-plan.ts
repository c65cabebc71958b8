/**
 * Stages a handler's change set with the staging planner (staging/plan-stages.ts) so no endpoint
 * pair loses more than `maxLossShare` of its links at once (I7). The result is re-checked by the
 * stage verifier in plan-output.ts.
 */
import { buildPortIndex, planStages, type CrossConnect, type FabricSpec } from '@lightpath/topology';
import type { HandlerResult } from './plan-output';

export function stagePlan(spec: FabricSpec, current: CrossConnect[], r: HandlerResult, maxLossShare?: number): HandlerResult {
  if (r.changes.length === 0) return { ...r, stages: [], stageLowerBound: 0 };
  const staged = planStages(buildPortIndex(r.verifyAgainst ?? spec), current, r.changes, { maxLossShare });
  return {
    ...r,
    stages: staged.stages,
    stageLowerBound: staged.lowerBound,
    details: { ...r.details, guardRelaxed: staged.guardRelaxed },
  };
}
