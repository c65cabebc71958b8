import { Injectable } from '@nestjs/common';
import { REPAIR_OWNER, topologyOwner, type StagedOperation } from '@lightpath/contracts';
import type { CrossConnect, Intent } from '@lightpath/topology';
import type { Principal } from '../auth/principal';
import { plannerOf } from '../auth/tenant-scope';
import { conflict, forbidden } from '../http/api-errors';
import { matchMoves, ownersOfRemovals } from './inherit-owners';
import { refuseDroppedReservations } from './topology-errors';
import { describeDisplacements, displacePolicyFor, notAllowed } from './plan-ownership';
import { TOPOLOGY_ERRORS } from './topologies.constants';
import { TopologyPlanner, type PlannedBy, type TopologyPlan } from './topology-planner.service';
import { OperationEngine } from '../engine/operation-engine.service';

export interface IntentRun {
  plan: TopologyPlan;
  /** Absent when the plan changes nothing (the fabric already is as asked). */
  operation?: StagedOperation;
}

/** A repair's operation: what it is (drain, repair-cube, reroute) and what it acts on. */
export interface RepairRun {
  kind: string;
  target: string;
  /** Circuits to plan as present although their switch no longer reports them (TopologyPlanner). */
  assume?: CrossConnect[];
  /**
   * Refuse the plan (422 INTENT_INFEASIBLE, rule drain-keeps-reservations) when it would drop a
   * reservation's circuit for want of spare ports (I4: an active reservation keeps every circuit).
   * An operator's drain of a healthy switch sets it; a failed switch's repair cannot keep what the
   * hardware already lost.
   */
  keepReservations?: boolean;
}

/**
 * Plans an intent against the fabric as it is now (the same verified dry run callers see) and
 * hands its stages to the operations engine. Schedulers' topologies and operators' drains,
 * reroutes and cube replacements all go this one way, so every change that moves light is planned,
 * verified and staged under the capacity guard (I7) the same way. Circuit owners (docs/api.md):
 * a topology changes its own circuits and displaces others' only when told to and allowed; a
 * repair moves anyone's circuits and each keeps its owner.
 */
@Injectable()
export class IntentRunner {
  constructor(
    private readonly planner: TopologyPlanner,
    private readonly engine: OperationEngine,
  ) {}

  /** The dry run alone: the plan and whom it would displace, nothing claimed or sent. */
  async plan(name: string, intent: Intent, by: PlannedBy): Promise<IntentRun> {
    return { plan: await this.planner.plan(name, intent, by, { owner: topologyOwner(name) }) };
  }

  /**
   * Applies a named topology: its new circuits are `topology:<name>`'s. A plan that must displace
   * other owners' circuits is refused (409 DISPLACES_OTHER_OWNERS, listing them) unless `displace`
   * is set and the caller's role may displace every one of them (403 DISPLACE_FORBIDDEN otherwise).
   */
  async applyTopology(name: string, intent: Intent, who: Principal, displace = false): Promise<IntentRun> {
    const owner = topologyOwner(name);
    const by = plannerOf(who);
    const plan = await this.planner.plan(name, intent, by, { owner });
    const policy = displacePolicyFor(who.role);
    if (plan.displaces.length > 0) {
      if (!displace) {
        throw conflict(
          TOPOLOGY_ERRORS.displacesOthers,
          `topology ${name} cannot be built around other owners' circuits; its plan removes ${describeDisplacements(plan.displaces)}. Nothing changed: send "displace": true to take them (role operator for manual and repair circuits, scheduler for other topologies'), or free other ports`,
          { displaces: plan.displaces },
        );
      }
      const refused = notAllowed(plan.displaces, policy, owner);
      if (refused.length > 0) {
        throw forbidden(
          TOPOLOGY_ERRORS.displaceForbidden,
          `${who.name} (role ${who.role}) may displace only other topologies' circuits; this plan also removes ${describeDisplacements(refused)}. Ask an operator, or free other ports`,
          { displaces: refused },
        );
      }
    }
    if (plan.plan.stages.length === 0) return { plan };
    const operation = await this.engine.submit({
      kind: 'topology',
      target: name,
      who: by.name,
      tenant: by.tenant,
      stages: plan.plan.stages.map((s) => ({ changes: s.changes })),
      meta: { topology: name, metrics: plan.plan.metrics },
      // Checked again in the claim script: a circuit that changed owner since the plan is not taken.
      ownership: { owner, displace: plan.displaces.length > 0 ? policy : 'none' },
    });
    return { plan, operation };
  }

  /**
   * Applies a repair (drain, cube replacement, reroute): circuits move, each keeping its owner.
   * `by.tenant` scopes both the named topology and its staged operation (none: fabric work).
   */
  async repair(name: string, intent: Intent, by: PlannedBy, run: RepairRun): Promise<IntentRun> {
    const { topology: plan, spec, circuits } = await this.planner.planOwned(name, intent, by, { assume: run.assume });
    if (plan.plan.stages.length === 0) return { plan };
    const moves = matchMoves(spec, plan.plan.changes, circuits);
    if (run.keepReservations) refuseDroppedReservations(run.target, moves.dropped);
    const operation = await this.engine.submit({
      kind: run.kind,
      target: run.target,
      who: by.name,
      tenant: by.tenant,
      stages: plan.plan.stages.map((s) => ({ changes: s.changes })),
      meta: { topology: name, metrics: plan.plan.metrics },
      // The owners it saw go with the claim: a circuit whose owner was written after this plan read
      // them (a reservation's setup finishing) refuses the claim rather than move under the wrong owner.
      ownership: { owner: REPAIR_OWNER, inherited: moves.inherited, displace: 'any', removes: ownersOfRemovals(plan.plan.changes, circuits) },
    });
    return { plan, operation };
  }
}
