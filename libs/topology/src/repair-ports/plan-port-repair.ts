/**
 * Port and OCS repair: circuits on failed switch ports, or on a whole failed OCS, move to healthy
 * ports, keeping the fabric's logical topology (link counts per endpoint pair) wherever spare
 * ports allow, and changing as few other cross-connects as possible.
 *
 * Algorithm: the failures are written into the spec (a failed port joins `failedPorts`, a failed
 * OCS gets health 'failed'), so no new circuit can use them. The target is today's link matrix,
 * minus the links that cannot be re-homed: an endpoint needs a spare usable port on the right side
 * for each of its lost circuits (a spare fibre on the same OCS or its fibre on another OCS), and a
 * lost circuit whose ends have none is dropped (greedy, in input order) and reported in
 * `linksLost`. Minimal rewiring (rewire/plan-rewire.ts) then removes the failed circuits and builds
 * the others on spare ports, pushing other circuits aside only when no switch has a spare port on
 * both ends.
 *
 * Lower bound: every failed circuit is torn down, and every re-homed link is built once:
 * failedCircuits + (failedCircuits - linksLost); the plan reports its touched count beside it.
 * Complexity: that of planRewire. Reference: the Jupiter Evolving incremental repair story
 * (SIGCOMM 2022) and docs/ocs-facts.md.
 */
import { TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import { linkMatrixOfCrossConnects } from '../mesh/link-matrix';
import { buildPortIndex, portsPerEndpoint, type PortIndex } from '../mesh/port-index.build';
import { planRewire, type RewireOptions, type RewirePlan } from '../rewire/plan-rewire';
import type { CrossConnect, FabricSpec, PortSide } from '../types';

export type PortFailure = { type: 'port'; switchId: string; side: PortSide; port: number } | { type: 'ocs'; switchId: string };

export interface PortRepairPlan extends RewirePlan {
  /** The spec with the failures applied (verify the plan against this one). */
  failedSpec: FabricSpec;
  /** Circuits that sat on failed ports or switches. */
  failedCircuits: number;
  /** Links that could not be re-homed for want of spare ports (dropped from the target). */
  linksLost: number;
  /** The link matrix the repair restores, over the index's endpoints. */
  target: Int32Array;
  index: PortIndex;
}

const WHERE = 'repair-ports/planPortRepair';

export function withFailures(spec: FabricSpec, failures: readonly PortFailure[]): FabricSpec {
  const byId = new Map(spec.switches.map((s) => [s.id, s] as const));
  for (const f of failures) {
    if (!byId.has(f.switchId)) throw new TopologyNotFoundError(WHERE, `unknown switch "${f.switchId}"; use a switch id from the fabric spec`);
  }
  return {
    ...spec,
    switches: spec.switches.map((s) => {
      const mine = failures.filter((f) => f.switchId === s.id);
      if (mine.length === 0) return s;
      if (mine.some((f) => f.type === 'ocs')) return { ...s, health: 'failed' as const };
      const ports = mine.flatMap((f) => (f.type === 'port' ? [{ side: f.side, port: f.port }] : []));
      return { ...s, failedPorts: [...(s.failedPorts ?? []), ...ports] };
    }),
  };
}

export function planPortRepair(spec: FabricSpec, current: readonly CrossConnect[], failures: readonly PortFailure[], options: RewireOptions = {}): PortRepairPlan {
  if (!Array.isArray(failures) || failures.length === 0) {
    throw new TopologyInvalidArgumentError(WHERE, 'failures must list at least one failed port or OCS');
  }
  const healthy = buildPortIndex(spec);
  const failedSpec = withFailures(spec, failures);
  const index = buildPortIndex(failedSpec);
  const E = index.endpoints.length;
  const target = linkMatrixOfCrossConnects(healthy, current);
  // Spare usable ports per endpoint and side after the failure.
  const { north: spareN, south: spareS } = portsPerEndpoint(index);
  const lost: { u: number; v: number }[] = [];
  for (const cc of current) {
    const s = index.switchIndex.get(cc.switchId) as number;
    const u = index.northOwner[s][cc.north] ?? -1;
    const v = index.southOwner[s][cc.south] ?? -1;
    if (u < 0 || v < 0) continue;
    const usable = index.north[s][u].includes(cc.north) && index.south[s][v].includes(cc.south);
    if (usable) {
      spareN[u]--;
      spareS[v]--;
    } else {
      lost.push({ u, v });
    }
  }
  let linksLost = 0;
  for (const { u, v } of lost) {
    if (spareN[u] > 0 && spareS[v] > 0) {
      spareN[u]--;
      spareS[v]--;
    } else {
      target[u * E + v]--;
      linksLost++;
    }
  }
  const plan = planRewire(index, current, target, options);
  return { ...plan, failedSpec, failedCircuits: lost.length, linksLost, target, index };
}
