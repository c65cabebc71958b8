/**
 * Slice intent -> a torus of free cubes, added on top of the current circuits.
 * Lower bound: n cubes x 3 dims x links per face circuits must be built (every face port of every
 * slice cube carries one), and nothing needs to come down, so a slice plan is always at the bound.
 */
import type { FabricModel } from '../model/fabric-model';
import { planSlice } from '../slices/slice.planner';
import type { CrossConnect } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { SliceIntent } from './intent.schema';

export function handleSlice(model: FabricModel, intent: SliceIntent, current: CrossConnect[]): HandlerResult {
  const plan = planSlice(model, { shape: intent.shape, twisted: intent.twisted, cubes: intent.cubes, excludeCubes: intent.excludeCubes, placement: intent.placement, leaseEndsAt: intent.leaseEndsAt, cubeLeases: intent.cubeLeases, current });
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
