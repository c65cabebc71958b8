/**
 * Slice intent -> a torus of free cubes, added on top of the current circuits.
 * Lower bound: n cubes x 3 dims x links per face circuits must be built (every face port of every
 * slice cube carries one), and nothing needs to come down, so a slice plan is always at the bound.
 */
import { planSlice, type CrossConnect, type FabricModel } from '@lightpath/topology';
import type { SliceIntent } from '../intent.schema';
import type { HandlerResult } from '../plan-output';

export function handleSlice(model: FabricModel, intent: SliceIntent, current: CrossConnect[]): HandlerResult {
  const plan = planSlice(model, { shape: intent.shape, twisted: intent.twisted, cubes: intent.cubes, excludeCubes: intent.excludeCubes, current });
  const n = plan.crossConnects.length;
  return {
    after: [...current, ...plan.crossConnects],
    changes: plan.changes,
    counts: { removed: 0, added: n, touched: n, modified: n },
    lowerBound: { touched: n },
    expectTorus: plan.layout,
    details: { layout: plan.layout, cubes: plan.metrics.cubes, crossConnectsPerSwitch: plan.metrics.perSwitch },
  };
}
