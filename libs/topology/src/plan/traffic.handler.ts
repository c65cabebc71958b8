/**
 * Traffic intent -> link counts that carry the most traffic on direct links (traffic/, Jupiter
 * objective, HiGHS LP bound), realised as a mesh from an empty fabric or reached by minimal rewiring
 * from the current circuits (re-factorising would move most of them).
 */
import { TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import { linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex } from '../mesh/port-index.build';
import { planRewire } from '../rewire/plan-rewire';
import { planTrafficTopology } from '../traffic/plan-traffic-topology';
import type { CrossConnect, FabricSpec, SwitchChange } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { TrafficIntent } from './intent.schema';

/**
 * Largest demand, in circuits of `linkCapacity`, a traffic intent may name (rule
 * `demand-out-of-range`). The largest fabrics have tens of thousands of links, so a demand of 1e9
 * circuits is already absurd; beyond ~1e20 HiGHS reads the LP's bounds as infinite.
 */
export const MAX_DEMAND_IN_CIRCUITS = 1e9;

export async function handleTraffic(spec: FabricSpec, intent: TrafficIntent, current: CrossConnect[]): Promise<HandlerResult> {
  const capacity = intent.linkCapacity ?? 1;
  intent.demands.forEach((d, i) => {
    if (d.demand / capacity > MAX_DEMAND_IN_CIRCUITS) {
      throw new TopologyInvalidArgumentError(
        'plan/traffic',
        `demands[${i}] is ${d.demand}, ${d.demand / capacity} circuits of linkCapacity ${capacity}; a demand may be at most ${MAX_DEMAND_IN_CIRCUITS} circuits' worth: give demands and linkCapacity in the same unit`,
        'demand-out-of-range',
      );
    }
  });
  const index = buildPortIndex(spec);
  const B = index.endpoints.length;
  const traffic = new Float64Array(B * B);
  intent.demands.forEach((d, i) => {
    const a = index.endpointIndex.get(d.a);
    const b = index.endpointIndex.get(d.b);
    if (a === undefined || b === undefined) {
      throw new TopologyNotFoundError('plan/traffic', `demands[${i}] names unknown endpoint ${a === undefined ? d.a : d.b}; use ids from the fabric spec`);
    }
    if (a !== b) traffic[a * B + b] += d.demand;
  });
  const plan = await planTrafficTopology(index, traffic, { timeLimitMs: intent.timeLimitMs, linkCapacity: intent.linkCapacity });
  const details = {
    objective: plan.objective,
    lpBound: plan.lpBound,
    gap: plan.gap,
    solverStatus: plan.solverStatus,
    timings: plan.timings,
    links: linkMatrixToDemands(index, plan.links),
  };
  const expectLinks = details.links;
  if (current.length === 0) {
    const bySwitch = new Map<string, SwitchChange>();
    for (const c of plan.crossConnects) {
      let ch = bySwitch.get(c.switchId);
      if (!ch) bySwitch.set(c.switchId, (ch = { switchId: c.switchId, remove: [], add: [] }));
      ch.add.push({ north: c.north, south: c.south });
    }
    const n = plan.crossConnects.length;
    return {
      after: plan.crossConnects,
      changes: [...bySwitch.values()],
      counts: { removed: 0, added: n, touched: n, modified: n },
      lowerBound: { touched: n },
      expectLinks,
      details: { ...details, method: 'edge-colouring' },
    };
  }
  const rewire = planRewire(index, current, plan.links);
  return {
    after: rewire.crossConnects,
    changes: rewire.changes,
    counts: rewire.counts,
    lowerBound: { touched: rewire.lowerBound },
    expectLinks,
    details: { ...details, method: 'minimal-rewiring', movedKept: rewire.movedKept },
  };
}
