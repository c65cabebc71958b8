import { Inject, Injectable, InternalServerErrorException } from '@nestjs/common';
import { planIntent, withFailures, type CrossConnect, type FabricSpec, type Intent, type PlanOutput } from '@lightpath/topology';
import type { FabricState, StoredTopology, TopologyStore } from '@lightpath/state';
import type { Principal } from '../auth/principal';
import { maySee, visibleTo } from '../auth/tenant-scope';
import { conflict, notFound } from '../http/api-errors';
import { STATE } from '../orchestrator.tokens';
import { FabricSpecService } from './fabric-spec.service';
import { TOPOLOGY_ERRORS, TOPOLOGY_STORE } from './topologies.constants';
import { planningError } from './topology-errors';

export interface TopologyPlan extends StoredTopology {
  dryRun: true;
  currentCrossConnects: number;
  plan: PlanOutput;
}

/**
 * Who plans: `name` is recorded as plannedBy; `tenant` is whose work the topology is (none: fabric
 * work, e.g. drains and reroutes); `replaceAny` lets operators replan a name another scope holds
 * (tenant-scope.ts, mayChangeAnyTenant). Everyone else gets 409 TOPOLOGY_NAME_TAKEN for such a name.
 */
export interface PlannedBy {
  name: string;
  tenant?: string;
  replaceAny?: boolean;
}

interface FabricNow {
  current: CrossConnect[];
  /** Ports the switches report failed: the plan must put no new circuit on them (I2). */
  failedPorts: { type: 'port'; switchId: string; side: 'north' | 'south'; port: number }[];
}

/**
 * Dry runs of topology intents: the library's planIntent against the stored fabric spec and the
 * switches' actual cross-connects as Redis holds them. Nothing is sent to a switch and no desired
 * state changes; the only write is the named topology's last plan, so it can be read back.
 */
@Injectable()
export class TopologyPlanner {
  constructor(
    @Inject(STATE) private readonly state: FabricState,
    @Inject(TOPOLOGY_STORE) private readonly topologies: TopologyStore,
    private readonly specs: FabricSpecService,
  ) {}

  /** `store: false` plans without keeping it as a named topology (reservations keep their own record). */
  /**
   * `assume`: circuits to plan as if present although the switches no longer report them, e.g. the
   * circuit a failed port just lost, which a reroute must move rather than forget.
   */
  async plan(name: string, intent: Intent, by: PlannedBy, fullState = false, store = true, assume: CrossConnect[] = []): Promise<TopologyPlan> {
    const { spec, version } = await this.specs.current();
    const now = await this.readFabric(spec);
    for (const c of assume) {
      if (!now.current.some((x) => x.switchId === c.switchId && (x.north === c.north || x.south === c.south))) now.current.push(c);
    }
    let plan: PlanOutput;
    try {
      plan = await planIntent(now.failedPorts.length > 0 ? withFailures(spec, now.failedPorts) : spec, intent, now.current, { fullState });
    } catch (e) {
      throw planningError(e);
    }
    if (plan.violations.length > 0) {
      // The verifier is independent of the planners: a violation here is a planner bug, and a plan
      // that breaks an invariant must never reach a caller who might apply it.
      throw new InternalServerErrorException({
        statusCode: 500,
        error: 'Internal Server Error',
        code: TOPOLOGY_ERRORS.planUnverified,
        message: `the planner produced a plan the verifier rejects (${plan.violations.length} violation(s), first: ${JSON.stringify(plan.violations[0])}); it was not stored. Report it with the intent and GET /v1/fabric`,
      });
    }
    const topology: TopologyPlan = {
      name,
      intent,
      plan,
      plannedAt: Date.now(),
      plannedBy: by.name,
      ...(by.tenant === undefined ? {} : { tenant: by.tenant }),
      specVersion: version,
      dryRun: true,
      currentCrossConnects: now.current.length,
    };
    if (store && !(await this.topologies.save(topology, by.replaceAny ?? false))) {
      // The same answer whether the name is another tenant's or fabric work: nothing of it is shown.
      throw conflict(
        TOPOLOGY_ERRORS.nameTaken,
        `topology name ${name} is already used by another tenant or by the fabric's operators; nothing was planned or changed: choose another name`,
      );
    }
    return topology;
  }

  /** The topology when `who` may see it (tenant-scope.ts); another tenant's is answered like a missing one. */
  async get(name: string, who: Principal): Promise<StoredTopology> {
    const t = visibleTo(who, await this.topologies.get(name));
    if (!t) throw notFound(TOPOLOGY_ERRORS.topologyNotFound, `no topology named ${name} on this fabric: plan one with POST /v1/topologies/${name}/plan, or list them with GET /v1/topologies`);
    return t;
  }

  /** Names of the topologies `who` may see. */
  async names(who: Principal): Promise<string[]> {
    return (await this.topologies.names()).filter((t) => maySee(who, t.tenant)).map((t) => t.name);
  }

  /**
   * The fabric as the switches last reported it. A cross-connect on a port the spec does not have
   * means the spec does not describe this hardware; planning on it would give a wrong plan, so the
   * caller is told to fix the spec instead.
   */
  private async readFabric(spec: FabricSpec): Promise<FabricNow> {
    const actual = await Promise.all(spec.switches.map((s) => this.state.actual.get(s.id)));
    const now: FabricNow = { current: [], failedPorts: [] };
    spec.switches.forEach((s, i) => {
      const inRange = (side: 'north' | 'south', port: number) => port >= 1 && port <= (side === 'north' ? s.northPorts : s.southPorts);
      for (const c of actual[i].crossConnects) {
        if (!inRange('north', c.north) || !inRange('south', c.south)) {
          throw conflict(
            TOPOLOGY_ERRORS.specMismatch,
            `switch ${s.id} reports a cross-connect north ${c.north} -> south ${c.south}, outside the ${s.northPorts} x ${s.southPorts} ports the fabric spec gives it: PUT /v1/fabric with a spec that matches the hardware`,
          );
        }
        now.current.push({ switchId: s.id, north: c.north, south: c.south });
      }
      for (const p of actual[i].ports) {
        if (p.health === 'failed' && inRange(p.side, p.port)) now.failedPorts.push({ type: 'port', switchId: s.id, side: p.side, port: p.port });
      }
    });
    return now;
  }
}
