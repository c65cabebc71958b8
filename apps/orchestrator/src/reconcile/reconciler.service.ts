import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { REPAIR_OWNER, type ActiveCrossConnect, type PortStatus } from '@lightpath/contracts';
import { type Loop, LoopRunner } from '@lightpath/observability';
import { isStateUnavailable, parsePortField, PortConflictError, withMarked, type FabricState } from '@lightpath/state';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { isReachable } from '../fabric/switch-reachability';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { runWhileLeading } from '../leader/leader-loops';
import { LeadershipService } from '../leader/leadership.service';
import { IntentRunner } from '../topologies/intent-runner.service';
import { OperationEngine } from '../engine/operation-engine.service';
import { LOGGER, METRICS, STATE } from '../orchestrator.tokens';
import { EventBus } from '../watch/event-bus.service';
import { computeDrift, hasDrift, type Drift, type Pair } from './drift';
import { driftInputsFingerprint } from './drift-inputs.fingerprint';
import { LookSchedule } from './look-schedule';

/** The kind of the reconciler's repair operations. */
export const RECONCILE_KIND = 'reconcile';

export type ReconcileResult = 'converged' | 'repairing' | 'alarmed' | 'waiting';

/**
 * The reconciler (invariant I3), level-based as controller-runtime's: it is told which switch to
 * look at (a snapshot arrived, or the periodic pass), reads desired and actual state from Redis,
 * and makes one change: a repair operation of the engine (one stage on the switch, converge mode:
 * it removes what nobody asked for and re-makes what vanished, holding those ports like any
 * operation, and leaves the desired state as it is), or an alarm where repairing is not possible
 * (switch unpowered, port failed) or not wanted (RECONCILE_MODE=alarm). One repair per switch is in
 * flight at a time; its end lets the next pass look again, so drift is repaired or raised within one
 * interval plus one command round trip. Only the leader reconciles.
 *
 * A pass looks only at switches changed since their last look or not settled by it, and at every
 * switch once every RECONCILE_FULL_INTERVAL_MS (look-schedule.ts says why and what tells it).
 */
@Injectable()
export class ReconcilerService implements OnModuleInit, OnModuleDestroy {
  private readonly loop: Loop;
  private readonly inFlight = new Map<string, { operationId: string; deadline: number }>();
  /** Failed ports whose circuits are being rerouted: "switch:side:port" -> when the reroute started. */
  private readonly rerouting = new Map<string, number>();
  private readonly alarmedAt = new Map<string, number>();
  private readonly repairs: Counter<'kind'>;
  private readonly alarms: Counter<'reason'>;
  private readonly looks: Counter<'pass'>;
  private readonly schedule: LookSchedule;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    private readonly graph: FabricGraph,
    private readonly leadership: LeadershipService,
    private readonly engine: OperationEngine,
    private readonly intents: IntentRunner,
    private readonly bus: EventBus,
    loops: LoopRunner,
  ) {
    this.schedule = new LookSchedule(config.RECONCILE_FULL_INTERVAL_MS);
    this.loop = loops.create({ name: 'reconciler', intervalMs: config.RECONCILE_INTERVAL_MS, step: () => this.reconcileAll() });
    this.repairs = new Counter({
      name: 'lightpath_drift_repairs_total',
      help: 'Cross-connects the reconciler re-made (missing), removed (unexpected) or rerouted off a failed port',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.alarms = new Counter({
      name: 'lightpath_drift_alarms_total',
      help: 'Drift the reconciler raised as an alarm instead of repairing, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.looks = new Counter({
      name: 'lightpath_reconcile_looks_total',
      help: 'Switches the reconciler looked at (read and compared desired with actual state), by what led to the look: a full pass, a change or an unsettled switch in a periodic pass, or an event',
      labelNames: ['pass'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    // The periodic pass runs only while leading; a deposed leader forgets its repairs in flight.
    runWhileLeading(this.leadership, this.loop, {
      onDeposed: () => {
        this.inFlight.clear();
        this.schedule.reset();
      },
    });
    // The end of a repair lets the next pass look at its switch again; the end of any operation
    // changed (or rolled back) the desired state of the switches it touched.
    this.engine.onFinished((op) => {
      if (op.kind === RECONCILE_KIND && this.inFlight.get(op.target)?.operationId === op.id) this.inFlight.delete(op.target);
      for (const stage of op.stages) for (const change of stage.changes) this.schedule.changed(change.switchId);
    });
  }

  onModuleDestroy(): Promise<void> {
    this.inFlight.clear();
    return this.loop.stop();
  }

  /**
   * An event or a write changed this switch's actual or desired state (an ack, a registration, a
   * port marked): the next pass looks at it. Cheap; any replica may be told.
   */
  changed(switchId: string): void {
    this.schedule.changed(switchId);
  }

  /** An event says this switch changed: look at it now (leader only; followers only note it). */
  poke(switchId: string): void {
    this.schedule.changed(switchId);
    if (!this.leadership.current.isLeader) return;
    this.looks.inc({ pass: 'event' });
    this.reconcile(switchId).catch((err) => isStateUnavailable(err) || this.logger.error({ err, switchId }, 'reconcile failed; the periodic pass retries'));
  }

  /**
   * A snapshot arrived and was recorded: look now, unless the switch's last look settled it on the
   * same picture (pairs and failed ports) and nothing was told since, so its drift is still none.
   * Agents send one per switch every 30 s; at 1,000 OCS each look reads and parses 320 circuits.
   */
  snapshotRecorded(switchId: string, crossConnects: readonly Pair[], ports: readonly PortStatus[]): void {
    if (this.leadership.current.isLeader && this.schedule.settledOn(switchId, driftInputsFingerprint(crossConnects, ports))) {
      this.looks.inc({ pass: 'skipped' });
      return;
    }
    this.poke(switchId);
  }

  async reconcileAll(): Promise<void> {
    const pass = this.schedule.pass(Date.now(), () => this.graph.switchIds());
    this.looks.inc({ pass: pass.full ? 'full' : 'changed' }, pass.switchIds.length);
    for (const switchId of pass.switchIds) {
      await this.reconcile(switchId).catch((err) => isStateUnavailable(err) || this.logger.error({ err, switchId }, 'reconcile failed; retrying next pass'));
    }
  }

  async reconcile(switchId: string): Promise<ReconcileResult> {
    this.schedule.looking(switchId);
    let settledOn: string | undefined;
    try {
      const look = await this.look(switchId);
      settledOn = look.settledOn;
      return look.result;
    } finally {
      this.schedule.looked(switchId, settledOn);
    }
  }

  /**
   * One look. It settles the switch when converged with no port held by an operation; `settledOn`
   * is then the fingerprint of what the switch reported (drift-inputs.fingerprint.ts).
   */
  private async look(switchId: string): Promise<{ result: ReconcileResult; settledOn?: string }> {
    const waiting = this.inFlight.get(switchId);
    if (waiting && waiting.deadline > Date.now()) return { result: 'waiting' };
    this.inFlight.delete(switchId);
    const view = await this.state.desired.consistentView(switchId);
    // What the switch reported (the fingerprint's input), then with the operators' marks.
    const reported = view.ports.map((v) => JSON.parse(v) as PortStatus);
    const ports = withMarked(
      reported,
      view.marked.map((k) => ({ ...parsePortField(k), health: 'failed' as const, powerDbm: null })),
    );
    const actual = view.actual.map((v) => JSON.parse(v) as ActiveCrossConnect);
    const drift = computeDrift(view.desired, actual, view.pending, ports);
    // Ports an operation holds are not drift yet; when it ends they may be, so the switch stays on
    // the list until a look finds it converged with none held. The fingerprint is of what the
    // switch reported (marks are told as changes), as a snapshot's is.
    if (!hasDrift(drift)) {
      const settled = Object.keys(view.pending).length === 0;
      return { result: 'converged', settledOn: settled ? driftInputsFingerprint(actual, reported) : undefined };
    }
    const sw = this.graph.getSwitch(switchId);
    const reachable = sw !== undefined && isReachable(sw, Date.now(), this.config.SWITCH_STALE_MS);
    if (drift.onFailedPorts.length > 0) await this.reroute(switchId, drift, ports);
    if (!sw?.powered || !reachable) return { result: this.alarm(switchId, sw?.powered ? 'switch-unreachable' : 'switch-unpowered', drift) };
    if (this.config.RECONCILE_MODE === 'alarm') return { result: this.alarm(switchId, 'repair-disabled', drift) };
    if (drift.missing.length + drift.unexpected.length === 0) return { result: 'alarmed' };
    return { result: await this.repair(switchId, drift) };
  }

  private async repair(switchId: string, drift: Drift): Promise<ReconcileResult> {
    let operationId: string;
    try {
      const op = await this.engine.submit({
        kind: RECONCILE_KIND,
        target: switchId,
        who: 'reconciler',
        stages: [{ changes: [{ switchId, add: drift.missing, remove: drift.unexpected }] }],
        // converge: the claim holds the ports and checks them against the desired state, not owners.
        ownership: { owner: REPAIR_OWNER, displace: 'any' },
        atomicity: 'pair',
        mode: 'converge',
        meta: { remake: drift.missing.length, remove: drift.unexpected.length },
      });
      operationId = op.id;
    } catch (err) {
      // Another operation took one of the ports since the drift was read: it is that operation's to
      // settle; the next pass looks again with the state it leaves.
      if (err instanceof PortConflictError) return 'waiting';
      throw err;
    }
    this.inFlight.set(switchId, { operationId, deadline: Date.now() + 2 * this.config.COMMAND_TIMEOUT_MS });
    this.repairs.inc({ kind: 'missing' }, drift.missing.length);
    this.repairs.inc({ kind: 'unexpected' }, drift.unexpected.length);
    this.logger.warn({ switchId, operationId, remake: drift.missing, remove: drift.unexpected }, 'drift repair started');
    this.tell(switchId, 'minor', 'DRIFT_REPAIRING', `re-making ${drift.missing.length} and removing ${drift.unexpected.length} cross-connects`, { operationId, ...drift });
    return 'repairing';
  }

  /**
   * Circuits on a failed port cannot be re-made where they were: each failed port's circuit is
   * rerouted to a spare through the planner (a repair intent) and the operations engine, when the
   * fabric spec is known and a spare allows; otherwise the drift stays an alarm.
   */
  private async reroute(switchId: string, drift: Drift, ports: PortStatus[]): Promise<void> {
    const failed = ports.filter((p) => p.health === 'failed');
    for (const pair of drift.onFailedPorts) {
      const port = failed.find((p) => (p.side === 'north' ? p.port === pair.north : p.port === pair.south))!;
      const key = `${switchId}:${port.side}:${port.port}`;
      const started = this.rerouting.get(key);
      if (started !== undefined && Date.now() - started < 10 * this.config.COMMAND_TIMEOUT_MS) continue;
      this.rerouting.set(key, Date.now());
      try {
        const run = await this.intents.repair(
          `reroute-${switchId}-${port.side}-${port.port}`,
          { kind: 'repair', failure: { type: 'port', switchId, side: port.side, port: port.port } },
          // Fabric work (no tenant): it may replan the reroute it planned before under the same name.
          { name: 'reconciler', replaceAny: true },
          // The switch dropped the light path when the port failed; plan it as present so it moves.
          { kind: 'reroute', target: key, assume: [{ switchId, north: pair.north, south: pair.south }] },
        );
        if (!run.operation) throw new Error('the planner found nothing to move');
        this.logger.warn({ switchId, port, pair, operationId: run.operation?.id }, 'circuit on a failed port rerouted');
        this.tell(switchId, 'major', 'CIRCUIT_REROUTING', `circuit N${pair.north}-S${pair.south} is moving off failed ${port.side} port ${port.port}`, {
          operationId: run.operation?.id,
          pair,
          port,
        });
        this.repairs.inc({ kind: 'rerouted' }, 1);
      } catch (err) {
        this.rerouting.delete(key);
        this.alarm(switchId, 'port-failed', drift);
        this.logger.warn({ switchId, port, reason: (err as Error).message }, 'no reroute for a circuit on a failed port: alarm only');
      }
    }
  }

  private alarm(switchId: string, reason: string, drift: Drift): ReconcileResult {
    this.alarms.inc({ reason });
    // The periodic pass finds the same drift again and again; watchers hear of it once a minute.
    const key = `${switchId}:${reason}`;
    if (Date.now() - (this.alarmedAt.get(key) ?? 0) >= 60_000) {
      this.alarmedAt.set(key, Date.now());
      this.logger.warn({ switchId, reason, drift }, 'drift raised as an alarm');
      this.tell(switchId, 'major', 'DRIFT_UNREPAIRED', `drift left as an alarm: ${reason}`, { reason, ...drift });
    }
    return 'alarmed';
  }

  /** Watchers learn whether drift was repaired or raised (the event says which: its code). */
  private tell(switchId: string, severity: 'minor' | 'major', code: string, message: string, detail: Record<string, unknown>): void {
    this.bus.publish({ kind: 'alarm', type: severity, switchId, at: Date.now(), data: { code, message, source: 'reconciler', ...detail } });
  }
}
