/**
 * displaceInPlan: a topology's plan made as if other owners' ports were free lands some of its new
 * circuits on ports those owners' circuits hold; this adds the removal of each such circuit to the
 * first stage that needs its ports (an agent disconnects before it connects, so one stage suffices)
 * and reports them as the plan's displacement, grouped by owner.
 *
 * Only circuits a new one lands on are displaced, not every other circuit the intent's target does
 * not mention (which is what planning over the whole fabric did: item 15 of issue 7). The planner
 * does not weigh occupied ports as costlier than free ones, so the count is what the plan needs
 * where it landed, not a proven minimum. The library verified the plan over the topology's own
 * circuits; the removals added here take nothing from them, so that verdict stands (I7).
 * O(changes + circuits).
 */
import type { PlanOutput, SwitchChange } from '@lightpath/topology';
import { groupByOwner, type Displacement, type OwnedCircuit } from './plan-ownership';

export function displaceInPlan(plan: PlanOutput, others: OwnedCircuit[]): { plan: PlanOutput; displaces: Displacement[] } {
  const at = new Map<string, OwnedCircuit>();
  for (const c of others) {
    at.set(`${c.switchId}/n${c.north}`, c);
    at.set(`${c.switchId}/s${c.south}`, c);
  }
  const taken = new Set<OwnedCircuit>();
  const stages = plan.stages.map((stage) => {
    const removals = new Map<string, OwnedCircuit[]>();
    for (const ch of stage.changes) {
      for (const p of ch.add) {
        for (const c of [at.get(`${ch.switchId}/n${p.north}`), at.get(`${ch.switchId}/s${p.south}`)]) {
          if (!c || taken.has(c)) continue;
          taken.add(c);
          removals.set(c.switchId, [...(removals.get(c.switchId) ?? []), c]);
        }
      }
    }
    return { ...stage, changes: withRemovals(stage.changes, removals) };
  });
  if (taken.size === 0) return { plan, displaces: [] };
  const all = new Map<string, OwnedCircuit[]>();
  for (const c of taken) all.set(c.switchId, [...(all.get(c.switchId) ?? []), c]);
  const changes = withRemovals(plan.changes, all);
  const removed = plan.metrics.removed + taken.size;
  const modified = changes.reduce((n, c) => n + Math.max(c.remove.length, c.add.length), 0);
  return {
    plan: {
      ...plan,
      changes,
      stages,
      metrics: { ...plan.metrics, removed, touched: removed + plan.metrics.added, modified, switchesTouched: changes.length },
      details: { ...plan.details, displaced: taken.size },
    },
    displaces: groupByOwner([...taken]),
  };
}

function withRemovals(changes: SwitchChange[], removals: Map<string, OwnedCircuit[]>): SwitchChange[] {
  const out = changes.map((c) => {
    const extra = removals.get(c.switchId) ?? [];
    return extra.length ? { ...c, remove: [...c.remove, ...extra.map(({ north, south }) => ({ north, south }))] } : c;
  });
  for (const [switchId, cs] of removals) {
    if (!changes.some((c) => c.switchId === switchId)) out.push({ switchId, remove: cs.map(({ north, south }) => ({ north, south })), add: [] });
  }
  return out;
}
