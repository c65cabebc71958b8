/** The parts of a plan (docs/topology-cli.md#the-plan) a diff shows. */
export interface PlanCore {
  intent?: string;
  changes: { switchId: string; add: { north: number; south: number }[]; remove: { north: number; south: number }[] }[];
  stages: { index: number; changes: { switchId: string; add: unknown[]; remove: unknown[] }[] }[];
  metrics: { modified?: number; added?: number; removed?: number; lowerBound?: { modified?: number; touched?: number }; ratioToLowerBound?: number; stages?: number; stageLowerBound?: number; crossConnectsAfter?: number };
}

/** The API's answer around a plan (`{plan}` of POST /v1/topologies/{name}): the plan and what it was computed from. */
export interface PlanBody {
  plan: PlanCore;
  displaces?: { owner: string; circuits: { switchId: string; north: number; south: number }[] }[];
  specVersion?: number;
  currentCrossConnects?: number;
}

const pairs = (list: { north: number; south: number }[], max = 6) =>
  list.slice(0, max).map((p) => `${p.north}-${p.south}`).join(' ') + (list.length > max ? ` ...(+${list.length - max})` : '');

/**
 * A plan as `ocsctl apply` shows it before anything moves: per switch what is added and removed,
 * the stages with the share of circuits each keeps lit (removals of a stage are down while it runs,
 * I7), the changed count against the lower bound, and whose circuits it would displace.
 */
export function renderPlanDiff(name: string, answer: PlanBody): string {
  const plan = answer.plan;
  const m = plan.metrics;
  const current = answer.currentCrossConnects;
  const out = [`topology ${name}: ${plan.intent ?? 'plan'}${answer.specVersion !== undefined ? ` against fabric spec v${answer.specVersion}` : ''}${current !== undefined ? `, ${current} circuits now` : ''}`];
  if (plan.changes.length === 0) return out.concat('  no change: the fabric already is as asked', '').join('\n');
  for (const c of plan.changes) {
    out.push(`  ${c.switchId.padEnd(12)} +${String(c.add.length).padEnd(4)} -${String(c.remove.length).padEnd(4)} ${c.add.length ? `add ${pairs(c.add)}` : ''}${c.remove.length ? `${c.add.length ? '; ' : ''}remove ${pairs(c.remove)}` : ''}`.trimEnd());
  }
  out.push(`stages: ${plan.stages.length}${m.stageLowerBound !== undefined ? ` (lower bound ${m.stageLowerBound})` : ''}`);
  for (const s of plan.stages) {
    const removals = s.changes.reduce((n, c) => n + c.remove.length, 0);
    const additions = s.changes.reduce((n, c) => n + c.add.length, 0);
    const kept = current ? ` keeps ${(100 * (1 - Math.min(removals, current) / current)).toFixed(1)}% of today's circuits lit` : '';
    out.push(`  stage ${s.index + 1}: ${s.changes.length} switches, -${removals} +${additions}${kept}`);
  }
  const lower = m.lowerBound?.modified ?? m.lowerBound?.touched;
  out.push(`changed: ${m.modified ?? '?'} cross-connects${lower !== undefined ? ` (lower bound ${lower}${m.ratioToLowerBound !== undefined ? `, ratio ${m.ratioToLowerBound.toFixed(2)}` : ''})` : ''}; ${m.crossConnectsAfter ?? '?'} after`);
  const displaced = answer.displaces ?? [];
  out.push(`displaces: ${displaced.length ? displaced.map((d) => `${d.owner} (${d.circuits.length})`).join(', ') : 'nothing of other owners'}`);
  return out.join('\n') + '\n';
}
