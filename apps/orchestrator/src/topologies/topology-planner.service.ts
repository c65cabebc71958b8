import { Inject, Injectable, InternalServerErrorException, type OnApplicationBootstrap } from '@nestjs/common';
import type { CircuitOwner } from '@lightpath/contracts';
import { planIntent, TopologyInfeasibleError, warmUpHighs, withFailures, type CrossConnect, type FabricSpec, type Intent, type PlanOutput, type PortFailure } from '@lightpath/topology';
import type { FabricState, StoredTopology, TopologyStore } from '@lightpath/state';
import type { Principal } from '../auth/principal';
import { maySee, visibleTo } from '../auth/tenant-scope';
import { conflict, notFound } from '../http/api-errors';
import { FabricGraph } from '../fabric/fabric-graph';
import { STATE } from '../orchestrator.tokens';
import { FabricSpecService } from './fabric-spec.service';
import { displaceInPlan } from './displace-plan';
import { addsOnly, portsOf, splitForPlan, withOwners, type Displacement, type OwnedCircuit } from './plan-ownership';
import { TOPOLOGY_ERRORS, TOPOLOGY_STORE } from './topologies.constants';
import { planningError } from './topology-errors';

export interface TopologyPlan extends StoredTopology {
  dryRun: true;
  currentCrossConnects: number;
  plan: PlanOutput;
  /** The owner the plan's new circuits get (`topology:<name>`); absent for repairs, which keep owners. */
  owner?: CircuitOwner;
  /** Other owners' circuits the plan removes (empty when it goes around them). */
  displaces: Displacement[];
}

export interface PlanOptions {
  /** Include the full cross-connect state after the plan in the output. */
  fullState?: boolean;
  /** false: plan without keeping it as a named topology (reservations keep their own record). */
  store?: boolean;
  /**
   * Circuits to plan as if present although the switches no longer report them, e.g. the circuit
   * a failed port just lost, which a reroute must move rather than forget.
   */
  assume?: CrossConnect[];
  /**
   * Plan for this owner (a topology): its own circuits may change, every other owner's are fixed
   * unless no plan goes around them (plan-ownership.ts). Absent: every circuit may move (repairs,
   * which keep owners; reservations, which only add).
   */
  owner?: CircuitOwner;
}

/** A plan with what it was planned from: the spec and the current circuits with their owners. */
export interface OwnedPlan {
  topology: TopologyPlan;
  spec: FabricSpec;
  circuits: OwnedCircuit[];
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

/** 1 where a fibre reaches the port (index = port number), per side. */
interface FibredPorts {
  north: Uint8Array;
  south: Uint8Array;
}

interface FabricNow {
  current: CrossConnect[];
  /** Ports the switches report failed, ports of unfibred patches and drained switches: the plan puts no new circuit on them (I2). */
  failedPorts: PortFailure[];
}

/**
 * Dry runs of topology intents: the library's planIntent against the stored fabric spec and the
 * switches' actual cross-connects as the in-memory model holds them (kept current by every ack and
 * snapshot, rebuilt from Redis at start). Nothing is sent to a switch and no desired state changes;
 * the only write is the named topology's last plan, so it can be read back.
 *
 * Reading the model rather than Redis keeps a placement from reading the whole fabric per request;
 * a model a moment behind the switches cannot break I1, which the engine's claim script checks
 * atomically (a plan on a port taken meanwhile is refused, 409, and planned again).
 */
@Injectable()
export class TopologyPlanner implements OnApplicationBootstrap {
  /** The spec with the fabric's failures applied, kept while neither changes (its derived indexes are cached per spec object). */
  private withFailuresMemo?: { spec: FabricSpec; key: string; value: FabricSpec };

  constructor(
    @Inject(STATE) private readonly state: FabricState,
    @Inject(TOPOLOGY_STORE) private readonly topologies: TopologyStore,
    private readonly specs: FabricSpecService,
    private readonly graph: FabricGraph,
  ) {}

  /** HiGHS' worker started once, at start, and kept warm: traffic plans skip its load (issue 11). */
  onApplicationBootstrap(): void {
    void warmUpHighs();
  }

  async plan(name: string, intent: Intent, by: PlannedBy, options: PlanOptions = {}): Promise<TopologyPlan> {
    return (await this.planOwned(name, intent, by, options)).topology;
  }

  async planOwned(name: string, intent: Intent, by: PlannedBy, options: PlanOptions = {}): Promise<OwnedPlan> {
    const { spec, version } = await this.specs.current();
    const now = this.readFabric(spec);
    for (const c of options.assume ?? []) {
      if (!now.current.some((x) => x.switchId === c.switchId && (x.north === c.north || x.south === c.south))) now.current.push(c);
    }
    // Owners matter to an owner's plan and to repairs (which keep them); a plan that only adds
    // (a reservation's slice) reads none.
    const needOwners = options.owner !== undefined || intent.kind === 'repair';
    const circuits = needOwners ? withOwners(now.current, await this.state.owners.ofSwitches(spec.switches.map((s) => s.id))) : [];
    let planned: { plan: PlanOutput; displaces: Displacement[] };
    try {
      planned = await this.planAround(spec, now, circuits, intent, options);
    } catch (e) {
      throw planningError(e);
    }
    const { plan, displaces } = planned;
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
      ...(options.owner ? { owner: options.owner } : {}),
      displaces,
    };
    if ((options.store ?? true) && !(await this.topologies.save(topology, { replaceAny: by.replaceAny }))) {
      // The same answer whether the name is another tenant's or fabric work: nothing of it is shown.
      throw conflict(
        TOPOLOGY_ERRORS.nameTaken,
        `topology name ${name} is already used by another tenant or by the fabric's operators; nothing was planned or changed: choose another name`,
      );
    }
    return { topology, spec, circuits };
  }

  /**
   * The ownership rule (plan-ownership.ts): an owner's plan first goes around every other owner's
   * circuit (their ports unavailable); only when that is infeasible is it planned as if the others'
   * ports were free, reservations' excepted, and the circuits it lands on are displaced (reported).
   */
  private async planAround(spec: FabricSpec, now: FabricNow, circuits: OwnedCircuit[], intent: Intent, options: PlanOptions) {
    const run = (current: CrossConnect[], unavailable: PortFailure[]) => {
      const failures = [...now.failedPorts, ...unavailable];
      return planIntent(this.applyFailures(spec, failures), intent, current, { fullState: options.fullState });
    };
    const self = options.owner;
    if (!self || addsOnly(intent)) return { plan: await run(now.current, []), displaces: [] };
    const mine = splitForPlan(circuits, self);
    const reserved = mine.fixed.filter((c) => c.owner.startsWith('reservation:'));
    const displaceable = mine.fixed.filter((c) => !c.owner.startsWith('reservation:'));
    try {
      return { plan: await run(mine.plan, portsOf(mine.fixed)), displaces: [] };
    } catch (e) {
      if (!(e instanceof TopologyInfeasibleError) || displaceable.length === 0) throw e;
    }
    return displaceInPlan(await run(mine.plan, portsOf(reserved)), displaceable);
  }

  /** The spec with `failures`, the same object as long as the spec and the failures stay the same. */
  private applyFailures(spec: FabricSpec, failures: PortFailure[]): FabricSpec {
    if (failures.length === 0) return spec;
    const key = JSON.stringify(failures);
    const memo = this.withFailuresMemo;
    if (memo?.spec === spec && memo.key === key) return memo.value;
    const value = withFailures(spec, failures);
    this.withFailuresMemo = { spec, key, value };
    return value;
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
   * caller is told to fix the spec instead. A cross-connect on a port the spec has but no fibre
   * reaches (an operator's patch or test loop) is no logical link: it stays out of the plan and its
   * fibred end, if any, is unavailable, so no plan lands on it or fails the fibre check because of it.
   * Drained switches take no new circuit (I2), from any plan, as failed ones do. Ports an operator
   * marked failed are failed in the model too.
   */
  private readFabric(spec: FabricSpec): FabricNow {
    const now: FabricNow = { current: [], failedPorts: [] };
    const fibred = this.fibredPorts(spec);
    spec.switches.forEach((s) => {
      const inRange = (side: 'north' | 'south', port: number) => port >= 1 && port <= (side === 'north' ? s.northPorts : s.southPorts);
      const ends = fibred.get(s.id);
      const hasFibre = (side: 'north' | 'south', port: number) => ends?.[side][port] === 1;
      for (const c of this.graph.crossConnects(s.id)) {
        if (!inRange('north', c.north) || !inRange('south', c.south)) {
          throw conflict(
            TOPOLOGY_ERRORS.specMismatch,
            `switch ${s.id} reports a cross-connect north ${c.north} -> south ${c.south}, outside the ${s.northPorts} x ${s.southPorts} ports the fabric spec gives it: PUT /v1/fabric with a spec that matches the hardware`,
          );
        }
        if (hasFibre('north', c.north) && hasFibre('south', c.south)) {
          now.current.push({ switchId: s.id, north: c.north, south: c.south });
          continue;
        }
        if (hasFibre('north', c.north)) now.failedPorts.push({ type: 'port', switchId: s.id, side: 'north', port: c.north });
        if (hasFibre('south', c.south)) now.failedPorts.push({ type: 'port', switchId: s.id, side: 'south', port: c.south });
      }
      for (const p of this.graph.unhealthyPorts(s.id)) {
        if (p.health === 'failed' && inRange(p.side, p.port)) now.failedPorts.push({ type: 'port', switchId: s.id, side: p.side, port: p.port });
      }
      if (this.graph.getSwitch(s.id)?.drained) now.failedPorts.push({ type: 'ocs', switchId: s.id });
    });
    return now;
  }

  private fibredMemo?: { spec: FabricSpec; ports: Map<string, FibredPorts> };

  /**
   * Which ports of each switch a fibre reaches, once per spec: a flag per port rather than a
   * "switch|side|port" string per fibre, because building 640,000 strings for a 1,000-OCS fabric
   * held the event loop for seconds on every new spec (bench:scale).
   */
  private fibredPorts(spec: FabricSpec): Map<string, FibredPorts> {
    if (this.fibredMemo?.spec === spec) return this.fibredMemo.ports;
    const ports = new Map<string, FibredPorts>(spec.switches.map((s) => [s.id, { north: new Uint8Array(s.northPorts + 1), south: new Uint8Array(s.southPorts + 1) }]));
    for (const f of spec.fibres) {
      const flags = ports.get(f.switchId)?.[f.side];
      if (flags && f.port < flags.length) flags[f.port] = 1;
    }
    this.fibredMemo = { spec, ports };
    return ports;
  }
}
