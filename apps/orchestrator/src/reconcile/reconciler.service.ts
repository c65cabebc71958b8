import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AckEvent, ActiveCrossConnect, PortStatus } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { LeadershipService, type LeadershipListener } from '../leader/leadership.service';
import { CommandSender } from '../operations/command-sender';
import { LOGGER, METRICS, STATE } from '../orchestrator.tokens';
import { computeDrift, hasDrift, type Drift } from './drift';

export const RECONCILE_COMMAND_PREFIX = 'reconcile-';

export type ReconcileResult = 'converged' | 'repairing' | 'alarmed' | 'waiting';

/**
 * The reconciler (invariant I3), level-based as controller-runtime's: it is told which switch to
 * look at (a snapshot arrived, or the periodic pass), reads desired and actual state from Redis,
 * and makes one change: a single apply command that removes what nobody asked for and re-makes
 * what vanished, or an alarm where repairing is not possible (switch unpowered, port failed) or
 * not wanted (RECONCILE_MODE=alarm). One repair per switch is in flight at a time; its ack (or its
 * deadline) lets the next pass look again, so drift is repaired or raised within one interval plus
 * one command round trip. Only the leader reconciles.
 */
@Injectable()
export class ReconcilerService implements OnModuleInit, OnModuleDestroy, LeadershipListener {
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Map<string, { commandId: string; deadline: number }>();
  private readonly repairs: Counter<'kind'>;
  private readonly alarms: Counter<'reason'>;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    private readonly graph: FabricGraph,
    private readonly leadership: LeadershipService,
    private readonly commands: CommandSender,
  ) {
    this.repairs = new Counter({
      name: 'lightpath_drift_repairs_total',
      help: 'Cross-connects the reconciler re-made (missing) or removed (unexpected)',
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
    this.leadership.listen(this);
  }

  async onElected(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.reconcileAll(), this.config.RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  onDeposed(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.inFlight.clear();
  }

  onModuleDestroy(): void {
    this.onDeposed();
  }

  /** An event says this switch changed: look at it now (leader only; followers ignore). */
  poke(switchId: string): void {
    if (!this.leadership.current.isLeader) return;
    this.reconcile(switchId).catch((err) => this.logger.error({ err, switchId }, 'reconcile failed; the periodic pass retries'));
  }

  /** The ack of a repair command ends its switch's wait. */
  onAck(ack: AckEvent): void {
    const pending = this.inFlight.get(ack.switchId);
    if (pending?.commandId === ack.commandId) this.inFlight.delete(ack.switchId);
  }

  async reconcileAll(): Promise<void> {
    for (const switchId of this.graph.switchIds()) {
      await this.reconcile(switchId).catch((err) => this.logger.error({ err, switchId }, 'reconcile failed; retrying next pass'));
    }
  }

  async reconcile(switchId: string): Promise<ReconcileResult> {
    const waiting = this.inFlight.get(switchId);
    if (waiting && waiting.deadline > Date.now()) return 'waiting';
    this.inFlight.delete(switchId);
    const view = await this.state.operations.consistentView(switchId);
    const drift = computeDrift(
      view.desired,
      view.actual.map((v) => JSON.parse(v) as ActiveCrossConnect),
      view.pending,
      view.ports.map((v) => JSON.parse(v) as PortStatus),
    );
    if (!hasDrift(drift)) return 'converged';
    const sw = this.graph.getSwitch(switchId);
    const reachable = sw !== undefined && Date.now() - sw.lastSeen <= this.config.SWITCH_STALE_MS;
    if (drift.onFailedPorts.length > 0) this.alarm(switchId, 'port-failed', drift);
    if (!sw?.powered || !reachable) return this.alarm(switchId, sw?.powered ? 'switch-unreachable' : 'switch-unpowered', drift);
    if (this.config.RECONCILE_MODE === 'alarm') return this.alarm(switchId, 'repair-disabled', drift);
    if (drift.missing.length + drift.unexpected.length === 0) return 'alarmed';
    return this.repair(switchId, drift);
  }

  private async repair(switchId: string, drift: Drift): Promise<ReconcileResult> {
    const epoch = this.leadership.requireLeader();
    const commandId = `${RECONCILE_COMMAND_PREFIX}${switchId}-${randomUUID()}`;
    const deadline = Date.now() + this.config.COMMAND_TIMEOUT_MS;
    this.inFlight.set(switchId, { commandId, deadline });
    await this.commands.sendCommand({
      commandId,
      switchId,
      epoch,
      generation: await this.state.switches.nextGeneration(switchId),
      deadline,
      connect: drift.missing,
      disconnect: drift.unexpected,
    });
    this.repairs.inc({ kind: 'missing' }, drift.missing.length);
    this.repairs.inc({ kind: 'unexpected' }, drift.unexpected.length);
    this.logger.warn({ switchId, commandId, remake: drift.missing, remove: drift.unexpected }, 'drift repaired: command sent');
    return 'repairing';
  }

  private alarm(switchId: string, reason: string, drift: Drift): ReconcileResult {
    this.alarms.inc({ reason });
    this.logger.warn({ switchId, reason, drift }, 'drift raised as an alarm');
    return 'alarmed';
  }
}
