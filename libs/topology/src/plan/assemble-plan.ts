/**
 * The plan format (docs/topology-cli.md, "The plan"), and its assembly from a handler's result.
 * The offline CLI prints it and the orchestrator serves it as a dry run.
 *
 * Every plan is passed through the library's independent verifier before it is returned: physical
 * validity of the resulting state (I1, fibres, I2 on the cross-connects it adds), the diff against
 * the current state with the counts it claims, and the intent's own check (exact link counts or
 * torus neighbours). Violations are part of the output (the CLI exits non-zero, the orchestrator
 * refuses the plan), so a broken plan can never be mistaken for a good one.
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { ChangeCounts, CrossConnect, FabricSpec, LinkDemand, Stage, SwitchChange, TorusLayout } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { cachedIndexForVerifier } from '../verify/verifier-index';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyLinkCounts } from '../verify/link-counts.verifier';
import { verifyStages } from '../verify/stages.verifier';
import { verifyTorus } from '../verify/torus.verifier';
import type { Violation } from '../verify/violation';

export const PLAN_VERSION = 1;

/** What an intent handler returns: the full state after the change and how to check it. */
export interface HandlerResult {
  after: CrossConnect[];
  changes: SwitchChange[];
  /** Counts as the planner reports them; the verifier checks them against `changes`. */
  counts: ChangeCounts;
  lowerBound: { touched?: number; modified?: number };
  stages?: Stage[];
  stageLowerBound?: number;
  /** Directed link counts the result must have exactly. */
  expectLinks?: LinkDemand[];
  /** Link counts per unordered pair the result must have exactly (undirected targets). */
  expectUndirectedLinks?: LinkDemand[];
  expectTorus?: TorusLayout;
  details: Record<string, unknown>;
  /** Spec to verify against when the intent changes health (a repair marks the failed part failed). */
  verifyAgainst?: FabricSpec;
  /**
   * The planners' port index of `verifyAgainst ?? spec`, when the handler built one: the stager
   * reuses it rather than compile 640,000 fibres again on a 1,000-OCS fabric. Never read by the
   * verifiers, which keep their own index.
   */
  portIndex?: PortIndex;
}

export interface PlanOutput {
  planVersion: number;
  fabric: string;
  intent: string;
  changes: SwitchChange[];
  stages: Stage[];
  metrics: ChangeCounts & {
    switchesTouched: number;
    lowerBound: { touched?: number; modified?: number };
    ratioToLowerBound?: number;
    stages: number;
    stageLowerBound: number;
    crossConnectsAfter: number;
  };
  details: Record<string, unknown>;
  violations: Violation[];
  crossConnects?: CrossConnect[];
}

export function assemblePlan(
  spec: FabricSpec,
  intent: string,
  current: CrossConnect[],
  r: HandlerResult,
  options: { fullState?: boolean; maxLossShare?: number } = {},
): PlanOutput {
  const vspec = r.verifyAgainst ?? spec;
  const index = cachedIndexForVerifier(vspec);
  // Plain fields, not `{ switchId, ...p }`: object spread per circuit was measurable at 320,000.
  const added: CrossConnect[] = [];
  for (const c of r.changes) for (const p of c.add) added.push({ switchId: c.switchId, north: p.north, south: p.south });
  // Unstaged plans apply in one stage: additions on free ports or circuits already lost take no capacity down.
  const stages = r.stages ?? (r.changes.length > 0 ? [{ index: 0, changes: r.changes }] : []);
  const violations = [
    ...verifyStages(vspec, current, stages, { maxLossShare: options.maxLossShare, changes: r.changes, after: r.after, index }),
    ...verifyCrossConnects(vspec, r.after, { healthCheckOnly: added, index }),
    ...verifyDiff(current, r.after, r.changes, r.counts),
    ...(r.expectLinks ? verifyLinkCounts(vspec, r.after, r.expectLinks, { directed: true, index }) : []),
    ...(r.expectUndirectedLinks ? verifyLinkCounts(vspec, r.after, r.expectUndirectedLinks, { directed: false, index }) : []),
    ...(r.expectTorus ? verifyTorus(vspec, r.after, r.expectTorus, { index }) : []),
  ];
  const bound = r.lowerBound.touched ?? r.lowerBound.modified;
  const achieved = r.lowerBound.touched !== undefined ? r.counts.touched : r.counts.modified;
  return {
    planVersion: PLAN_VERSION,
    fabric: spec.name,
    intent,
    changes: r.changes,
    stages,
    metrics: {
      ...r.counts,
      switchesTouched: r.changes.length,
      lowerBound: r.lowerBound,
      ratioToLowerBound: bound === undefined ? undefined : bound === 0 ? (achieved === 0 ? 1 : undefined) : achieved / bound,
      stages: stages.length,
      stageLowerBound: r.stageLowerBound ?? (r.changes.length > 0 ? 1 : 0),
      crossConnectsAfter: r.after.length,
    },
    details: r.details,
    violations,
    ...(options.fullState ? { crossConnects: r.after } : {}),
  };
}
