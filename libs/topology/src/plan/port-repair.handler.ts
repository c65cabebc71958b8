/**
 * Port and OCS repair on a block fabric, through the library's planPortRepair
 * (repair-ports/plan-port-repair.ts): the failed part is written into the spec, and minimal rewiring
 * moves its circuits onto spare ports, keeping today's link counts wherever spares allow. Links that
 * cannot be re-homed are reported in `details.linksLost`; the verifier checks the plan against the
 * restored target and the spec with the failure applied.
 */
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { planPortRepair } from '../repair-ports/plan-port-repair';
import type { CrossConnect, FabricSpec } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { RepairIntent } from './intent.schema';

type PortOrOcsFailure = Exclude<RepairIntent['failure'], { type: 'cube' }>;

export function handlePortOrOcsRepair(spec: FabricSpec, f: PortOrOcsFailure, current: CrossConnect[]): HandlerResult {
  const failure = f.type === 'port' ? { type: 'port' as const, switchId: f.switchId, side: f.side, port: f.port } : { type: 'ocs' as const, switchId: f.switchId };
  const plan = planPortRepair(spec, current, [failure]);
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts: plan.counts,
    lowerBound: { touched: plan.lowerBound },
    expectLinks: linkMatrixToDemands(plan.index, plan.target),
    details: { method: 'rewire-around-failure', failure, failedCircuits: plan.failedCircuits, linksLost: plan.linksLost, movedKept: plan.movedKept },
    verifyAgainst: plan.failedSpec,
  };
}
