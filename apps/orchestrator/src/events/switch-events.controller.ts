import { Controller, Inject, type OnModuleDestroy } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ackPairs, type AckEvent, type AlarmEvent, type HeartbeatEvent, type RegisterEvent, type SnapshotEvent } from '@lightpath/contracts';
import { isStateUnavailable, withMarked, type FabricState } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { LeadershipService } from '../leader/leadership.service';
import { CommandSender } from '../engine/command-sender';
import { OperationEngine } from '../engine/operation-engine.service';
import { retryTransient } from '../engine/transient-retry';
import { ReconcilerService } from '../reconcile/reconciler.service';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { EventBus } from '../watch/event-bus.service';
import { HeartbeatRecorder } from './heartbeat-recorder';

/**
 * How long an event that must not be lost (an ack closing an operation, a registration, a snapshot)
 * rides out a Redis blip before it is dead-lettered as before.
 */
const EVENT_RETRY_MS = 5_000;
const ridingOut = <T>(step: () => Promise<T>) => retryTransient(step, { until: Date.now() + EVENT_RETRY_MS });

/** How long a heartbeat waits for others to join its Redis write (HeartbeatRecorder). */
const HEARTBEAT_FLUSH_MS = 100;

/** At most one re-registration request per unknown switch in this window. */
const ASK_AGAIN_AFTER_MS = 5_000;

/**
 * Consumes agents' events (already validated; anything else was dead-lettered). Each event updates
 * Redis first, then the in-memory model, so a crash between the two loses nothing: the model is
 * rebuilt from Redis on start.
 */
@Controller()
export class SwitchEventsController implements OnModuleDestroy {
  private readonly askedAt = new Map<string, number>();
  private readonly heartbeats: HeartbeatRecorder;
  private droppedLogged = 0;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    private readonly commands: CommandSender,
    private readonly leadership: LeadershipService,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly graph: FabricGraph,
    private readonly engine: OperationEngine,
    private readonly reconciler: ReconcilerService,
    private readonly watch: EventBus,
  ) {
    this.heartbeats = new HeartbeatRecorder({
      write: (entries) => this.state.switches.touchMany(entries),
      flushMs: HEARTBEAT_FLUSH_MS,
      onDropped: (entries, err) => {
        // Redis away: the next heartbeats say the same. Logged once a minute at most.
        if (!isStateUnavailable(err)) this.logger.error({ err, entries }, 'heartbeats not recorded');
        else if (Date.now() - this.droppedLogged > 60_000) {
          this.droppedLogged = Date.now();
          this.logger.warn({ entries, reason: err.message }, 'heartbeats not recorded (Redis unavailable); the next ones will be');
        }
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.heartbeats.flush();
  }

  @EventPattern('register')
  async register(@Payload() event: RegisterEvent): Promise<void> {
    await ridingOut(() => this.leadership.observeAgentEpoch(event.epoch, event.switchId));
    const record = await ridingOut(() => this.state.switches.register(event));
    this.graph.upsertSwitch(record);
    this.reconciler.changed(event.switchId);
    this.logger.info({ switchId: event.switchId, agentId: event.agentId, ports: event.northPorts }, 'switch registered');
  }

  /**
   * Unlike other events, a heartbeat updates the model first and its Redis write is coalesced with
   * other switches' (HeartbeatRecorder): it changes only liveness fields the next heartbeat writes
   * again, and at fleet scale writing each one in turn kept the consumer behind.
   */
  @EventPattern('heartbeat')
  async heartbeat(@Payload() event: HeartbeatEvent): Promise<void> {
    try {
      await this.leadership.observeAgentEpoch(event.epoch, event.switchId);
      if (!this.graph.getSwitch(event.switchId)) return await this.askToRegister(event.switchId);
      // Absent `consuming` (an older agent) counts as true: it reads its commands as long as it lives.
      const consuming = event.consuming ?? true;
      const sw = this.graph.getSwitch(event.switchId);
      if (sw && sw.consuming !== consuming) {
        this.logger.warn({ switchId: event.switchId, agentId: event.agentId, consuming }, consuming ? 'agent reads its commands again' : 'agent reports its command consumer down: switch unreachable');
        // What was sent while it was down may not be read by the restarted consumer: send it again.
        if (consuming) void this.engine.redeliver(event.switchId);
      }
      this.graph.touchSwitch(event.switchId, event.at, event.powered, consuming);
      this.heartbeats.record({ switchId: event.switchId, at: event.at, powered: event.powered, consuming });
    } catch (err) {
      // Redis away: the next heartbeat (seconds from now) says the same; nothing to dead-letter.
      if (!isStateUnavailable(err)) throw err;
    }
  }

  @EventPattern('ack')
  async ack(@Payload() event: AckEvent): Promise<void> {
    const { disconnected, connected } = ackPairs(event);
    // Issued in one tick so auto-pipelining sends them together; Redis applies them in this order
    // (disconnects before connects, as the switch did).
    const recorded = Promise.all([this.state.actual.recordDisconnected(event.switchId, disconnected), this.state.actual.recordConnected(event.switchId, connected, event.at)]);
    for (const r of disconnected) if (r.ok) this.graph.removeCrossConnect(event.switchId, r.north);
    for (const r of connected) {
      if (r.ok) this.graph.addCrossConnect(event.switchId, { north: r.north, south: r.south, lossDb: r.lossDb ?? 0, since: event.at });
    }
    // The one ack path (engine), called after the actual-state writes were issued: its settle script
    // (batched with other partitions' acks, CoalescedCalls) goes out on the same connection after
    // them, so Redis runs it after them and a committed stage never runs ahead of actual state. A Redis outage must not lose the answer that closes an
    // operation (its deadline would then roll back a change the switch made): recording it is
    // retried for as long as an operation waits for an answer (COMMAND_TIMEOUT_MS), then
    // dead-lettered; the events behind it wait, as they would need Redis too.
    const acknowledged = retryTransient(() => this.engine.acknowledge(event), { until: Date.now() + Math.max(EVENT_RETRY_MS, this.config.COMMAND_TIMEOUT_MS) });
    // Redis away: actual state catches up from the switch's next snapshot, and the reconciler re-sends
    // what it misses meanwhile (re-making an existing circuit changes nothing).
    await recorded.catch((err: unknown) => this.notRecorded(event, err));
    // The actual state changed (whoever sent the command: a rogue circuit is drift too). Told after
    // the write, so the reconciler's next look reads it (look-schedule.ts).
    this.reconciler.changed(event.switchId);
    await acknowledged;
  }

  /** Redis away while an ack is recorded: actual state catches up from the switch's next snapshot. */
  private notRecorded(event: AckEvent, err: unknown): void {
    if (!isStateUnavailable(err)) throw err;
    this.logger.warn({ switchId: event.switchId, commandId: event.commandId, reason: err.message }, 'ack not recorded in actual state (Redis unavailable); the next snapshot will');
  }

  @EventPattern('snapshot')
  async snapshot(@Payload() event: SnapshotEvent): Promise<void> {
    if (!this.graph.getSwitch(event.switchId)) return this.askToRegister(event.switchId);
    const marked = await ridingOut(async () => {
      await this.state.actual.replace(event);
      await this.state.switches.touch(event.switchId, event.at, event.powered);
      return this.state.actual.markedPorts(event.switchId);
    });
    // Ports an operator marked failed stay failed whatever the switch reports.
    this.graph.replaceActual(event.switchId, event.crossConnects, withMarked(event.ports, marked));
    this.graph.touchSwitch(event.switchId, event.at, event.powered);
    // A full picture of the switch just arrived: the one moment drift is certain to be visible
    // (unless it is the picture the switch was last found settled on).
    this.reconciler.snapshotRecorded(event.switchId, event.crossConnects, event.ports);
  }

  /**
   * A switch we hear from but do not know (its registration was missed or Redis lost it): ask its
   * agent for a snapshot, which it answers with a fresh registration first.
   */
  private async askToRegister(switchId: string): Promise<void> {
    const last = this.askedAt.get(switchId) ?? 0;
    if (Date.now() - last < ASK_AGAIN_AFTER_MS) return;
    this.askedAt.set(switchId, Date.now());
    this.logger.warn({ switchId }, 'event from an unregistered switch: asking its agent to register again');
    // Any replica may ask: a snapshot request changes nothing on the switch, so it needs no fencing.
    await this.commands.requestSnapshots([switchId], this.leadership.current.epoch, this.config.COMMAND_TIMEOUT_MS);
  }

  @EventPattern('alarm')
  alarm(@Payload() event: AlarmEvent): void {
    this.logger.warn({ alarm: event }, 'switch alarm');
    this.watch.publish({ kind: 'alarm', type: event.severity, switchId: event.switchId, at: event.at, data: { ...event } });
    if (event.port) {
      const health = event.code === 'PORT_FAILED' ? 'failed' : event.code === 'PORT_DEGRADED' ? 'degraded' : 'ok';
      this.graph.setPort(event.switchId, event.port.side, event.port.port, { health });
      this.reconciler.changed(event.switchId);
    }
  }
}
