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
import { computeDrift, hasDrift, type Drift } from './drift';

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
  }

  onModuleInit(): void {
    // The periodic pass runs only while leading; a deposed leader forgets its repairs in flight.
    runWhileLeading(this.leadership, this.loop, { onDeposed: () => this.inFlight.clear() });
    // The end of a repair lets the next pass look at its switch again.
    this.engine.onFinished((op) => {
      if (op.kind === RECONCILE_KIND && this.inFlight.get(op.target)?.operationId === op.id) this.inFlight.delete(op.target);
    });
  }

  onModuleDestroy(): Promise<void> {
    this.inFlight.clear();
    return this.loop.stop();
  }

  /** An event says this switch changed: look at it now (leader only; followers ignore). */
  poke(switchId: string): void {
    if (!this.leadership.current.isLeader) return;
    this.reconcile(switchId).catch((err) => isStateUnavailable(err) || this.logger.error({ err, switchId }, 'reconcile failed; the periodic pass retries'));
  }

  async reconcileAll(): Promise<void> {
    for (const switchId of this.graph.switchIds()) {
      await this.reconcile(switchId).catch((err) => isStateUnavailable(err) || this.logger.error({ err, switchId }, 'reconcile failed; retrying next pass'));
    }
  }

  async reconcile(switchId: string): Promise<ReconcileResult> {
    const waiting = this.inFlight.get(switchId);
    if (waiting && waiting.deadline > Date.now()) return 'waiting';
    this.inFlight.delete(switchId);
    const view = await this.state.desired.consistentView(switchId);
    const ports = withMarked(
      view.ports.map((v) => JSON.parse(v) as PortStatus),
      view.marked.map((k) => ({ ...parsePortField(k), health: 'failed' as const, powerDbm: null })),
    );
    const drift = computeDrift(view.desired, view.actual.map((v) => JSON.parse(v) as ActiveCrossConnect), view.pending, ports);
    if (!hasDrift(drift)) return 'converged';
    const sw = this.graph.getSwitch(switchId);
    const reachable = sw !== undefined && isReachable(sw, Date.now(), this.config.SWITCH_STALE_MS);
    if (drift.onFailedPorts.length > 0) await this.reroute(switchId, drift, ports);
    if (!sw?.powered || !reachable) return this.alarm(switchId, sw?.powered ? 'switch-unreachable' : 'switch-unpowered', drift);
    if (this.config.RECONCILE_MODE === 'alarm') return this.alarm(switchId, 'repair-disabled', drift);
    if (drift.missing.length + drift.unexpected.length === 0) return 'alarmed';
    return this.repair(switchId, drift);
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
