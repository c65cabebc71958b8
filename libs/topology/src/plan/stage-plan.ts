/**
 * Stages a handler's change set with the staging planner (staging/plan-stages.ts) so no endpoint
 * pair loses more than `maxLossShare` of its links at once (I7). The result is re-checked by the
 * stage verifier in plan-output.ts.
 */
import { buildPortIndex } from '../mesh/port-index.build';
import { planStages } from '../staging/plan-stages';
import type { CrossConnect, FabricSpec } from '../types';
import type { HandlerResult } from './assemble-plan';

export function stagePlan(spec: FabricSpec, current: CrossConnect[], r: HandlerResult, maxLossShare?: number): HandlerResult {
  if (r.changes.length === 0) return { ...r, stages: [], stageLowerBound: 0 };
  const staged = planStages(r.portIndex ?? buildPortIndex(r.verifyAgainst ?? spec), current, r.changes, { maxLossShare });
  return {
    ...r,
    stages: staged.stages,
    stageLowerBound: staged.lowerBound,
    details: { ...r.details, guardRelaxed: staged.guardRelaxed },
  };
}
