import { Injectable } from '@nestjs/common';
import type { StagedOperation } from '@lightpath/contracts';
import type { CrossConnect, Intent } from '@lightpath/topology';
import { TopologyPlanner, type PlannedBy, type TopologyPlan } from '../topologies/topology-planner.service';
import { StagedOperationsService } from './staged-operations.service';

export interface IntentRun {
  plan: TopologyPlan;
  /** Absent when the plan changes nothing (the fabric already is as asked). */
  operation?: StagedOperation;
}

/**
 * Plans an intent against the fabric as it is now (the same verified dry run callers see) and
 * hands its stages to the operations engine. Schedulers' topologies and operators' drains,
 * reroutes and cube replacements all go this one way, so every change that moves light is planned,
 * verified and staged under the capacity guard (I7) the same way.
 */
@Injectable()
export class IntentRunner {
  constructor(
    private readonly planner: TopologyPlanner,
    private readonly engine: StagedOperationsService,
  ) {}

  /** The dry run alone: the plan, nothing claimed or sent. */
  async plan(name: string, intent: Intent, by: PlannedBy): Promise<IntentRun> {
    return { plan: await this.planner.plan(name, intent, by) };
  }

  /** `by.tenant` scopes both the named topology and its staged operation (none: fabric work). */
  async run(name: string, intent: Intent, by: PlannedBy, kind: string, target: string, assume: CrossConnect[] = []): Promise<IntentRun> {
    const plan = await this.planner.plan(name, intent, by, false, true, assume);
    if (plan.plan.stages.length === 0) return { plan };
    const operation = await this.engine.submit({
      kind,
      target,
      who: by.name,
      tenant: by.tenant,
      stages: plan.plan.stages.map((s) => ({ changes: s.changes })),
      meta: { topology: name, metrics: plan.plan.metrics },
    });
    return { plan, operation };
  }
}
