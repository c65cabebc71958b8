/**
 * Port and OCS repair through minimal rewiring: the failed port (or every port of the failed OCS) is
 * marked down, and the fabric is rewired back to the logical topology it has today. The rewiring
 * removes the circuits on the failed parts (forced, counted in the bound) and rebuilds the same
 * links on healthy ports, moving as few other circuits as it can: a failed port's circuit lands on
 * a spare port of the same endpoints, a failed OCS's circuits spread over the other switches.
 */
import {
  buildPortIndex,
  linkMatrixOfCrossConnects,
  linkMatrixToDemands,
  planRewire,
  TopologyNotFoundError,
  type CrossConnect,
  type FabricSpec,
} from '@lightpath/topology';
import type { RepairIntent } from '../intent.schema';
import type { HandlerResult } from '../plan-output';

type PortOrOcsFailure = Exclude<RepairIntent['failure'], { type: 'cube' }>;

export function handlePortOrOcsRepair(spec: FabricSpec, f: PortOrOcsFailure, current: CrossConnect[]): HandlerResult {
  const healthy = buildPortIndex(spec);
  const today = linkMatrixOfCrossConnects(healthy, current);
  // The failure is written into the spec, so the verifier also checks that no new circuit uses it.
  const failedSpec = withFailure(spec, f);
  const plan = planRewire(buildPortIndex(failedSpec), current, today);
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts: plan.counts,
    lowerBound: { touched: plan.lowerBound },
    expectLinks: linkMatrixToDemands(healthy, today),
    details: { method: 'rewire-around-failure', failure: f, movedKept: plan.movedKept },
    verifyAgainst: failedSpec,
  };
}

/** The spec with the failed port or OCS marked failed. */
export function withFailure(spec: FabricSpec, f: PortOrOcsFailure): FabricSpec {
  if (!spec.switches.some((s) => s.id === f.switchId)) {
    throw new TopologyNotFoundError('topology-cli/repair', `unknown switch "${f.switchId}"; use a switch id from the fabric spec`);
  }
  return {
    ...spec,
    switches: spec.switches.map((s) => {
      if (s.id !== f.switchId) return s;
      if (f.type === 'ocs') return { ...s, health: 'failed' as const };
      return { ...s, failedPorts: [...(s.failedPorts ?? []), { side: f.side, port: f.port }] };
    }),
  };
}
