import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AlarmEvent, SnapshotEvent, SwitchEvent } from '@lightpath/contracts';
import type { DriverEvent } from '@lightpath/mems-sim';
import { describeKafkaError, isTransientKafkaError } from '@lightpath/messaging';
import { type Loop, LoopRunner } from '@lightpath/observability';
import type { Logger } from 'pino';
import { LOGGER } from '../agent.tokens';
import { AGENT_CONFIG, type AgentConfig } from '../config/agent.config';
import { SwitchFleet } from '../fleet/switch-fleet';
import { AgentReadiness } from '../health/agent-readiness';
import { AgentMetrics } from './agent-metrics';
import { EventPublisher } from './event-publisher';
import { buildSnapshot } from './snapshot.builder';

/** How often the consumer's state is looked at between heartbeats. */
const CONSUMER_WATCH_MS = 250;

/**
 * Tells the orchestrator what this agent's switches are and how they are: registration once the
 * command consumer has joined (so nothing sent after registration can be missed), heartbeats, full
 * snapshots periodically, on request and after every fault, and alarms for driver events.
 */
@Injectable()
export class ReporterService implements OnModuleDestroy {
  private loops: Loop[] = [];
  private unsubscribes: (() => void)[] = [];

  constructor(
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly fleet: SwitchFleet,
    private readonly publisher: EventPublisher,
    private readonly metrics: AgentMetrics,
    private readonly readiness: AgentReadiness,
    private readonly loopRunner: LoopRunner,
  ) {}

  async start(): Promise<void> {
    await this.register(this.fleet.ids());
    await this.snapshotAll('startup');
    for (const switchId of this.fleet.ids()) {
      const off = this.fleet.get(switchId).driver.onEvent((event) => void this.onDriverEvent(switchId, event));
      this.unsubscribes.push(off);
    }
    this.every('heartbeat', this.config.AGENT_HEARTBEAT_MS, () => this.heartbeat());
    // A consumer going down (or coming back) is told at once, not at the next heartbeat.
    let consuming = this.readiness.consuming();
    this.every('consumer-watch', CONSUMER_WATCH_MS, async () => {
      if (this.readiness.consuming() === consuming) return;
      consuming = this.readiness.consuming();
      this.logger.warn({ consuming }, consuming ? 'command consumer is consuming again' : 'command consumer is down; telling the orchestrator');
      await this.heartbeat();
    });
    this.every('snapshot', this.config.AGENT_SNAPSHOT_MS, () => this.snapshotAll('periodic'));
    this.logger.info({ switches: this.fleet.ids() }, 'switches registered');
  }

  async register(switchIds: string[]): Promise<void> {
    const at = Date.now();
    const registrations: SwitchEvent[] = switchIds.map((switchId) => {
      const d = this.fleet.get(switchId).driver.describe();
      return {
        type: 'register',
        switchId,
        agentId: this.config.AGENT_ID,
        at,
        northPorts: d.northPorts,
        southPorts: d.southPorts,
        driver: d.driver,
        profile: d.profile,
        capabilities: d.capabilities,
        epoch: this.fleet.get(switchId).ledger.highestEpoch,
      };
    });
    await this.publisher.publish(registrations);
  }

  async snapshot(switchId: string, reason: SnapshotEvent['reason']): Promise<void> {
    // A switch not (yet) read on a live session has no state to claim: reported when its link is up.
    if (!this.linkUp(switchId)) return;
    const target = this.fleet.get(switchId);
    const snap = buildSnapshot(target, this.config.AGENT_ID, reason);
    this.metrics.crossConnects.set({ switch: switchId }, snap.crossConnects.length);
    await this.publisher.publish([snap]);
  }

  onModuleDestroy(): void {
    for (const loop of this.loops) void loop.stop();
    this.unsubscribes.forEach((off) => off());
  }

  private async snapshotAll(reason: 'periodic' | 'startup'): Promise<void> {
    const snaps = this.fleet.ids().filter((id) => this.linkUp(id)).map((id) => buildSnapshot(this.fleet.get(id), this.config.AGENT_ID, reason));
    for (const s of snaps) this.metrics.crossConnects.set({ switch: s.switchId }, s.crossConnects.length);
    await this.publisher.publish(snaps);
  }

  private async heartbeat(): Promise<void> {
    const at = Date.now();
    await this.publisher.publish(
      this.fleet.ids().map((switchId) => ({
        type: 'heartbeat' as const,
        switchId,
        agentId: this.config.AGENT_ID,
        at,
        powered: this.fleet.get(switchId).driver.snapshot().powered,
        // A switch whose management link is down cannot take commands: unreachable, like a dead consumer.
        consuming: this.readiness.consuming() && this.linkUp(switchId),
        // Lets an orchestrator whose Redis lost the epoch counter take a term above this one.
        epoch: this.fleet.get(switchId).ledger.highestEpoch,
      })),
    );
  }

  private linkUp(switchId: string): boolean {
    const link = this.fleet.get(switchId).driver.link?.();
    return !link || link.state === 'up';
  }

  /** A remote switch's link changed: alarm, heartbeat at once, and when up, what the switch says it holds. */
  private async onLinkEvent(switchId: string, event: Extract<DriverEvent, { kind: 'link' }>): Promise<void> {
    this.logger.warn({ switchId, link: event.link }, 'switch link changed');
    try {
      await this.publisher.publish([toAlarm(switchId, this.config.AGENT_ID, event)]);
      if (event.link.state === 'up') {
        await this.register([switchId]);
        await this.snapshot(switchId, 'reconnect');
      }
      await this.heartbeat();
    } catch (err) {
      this.logger.error({ err, switchId }, 'could not report a link change; the next heartbeat and snapshot will');
    }
  }

  private async onDriverEvent(switchId: string, event: DriverEvent): Promise<void> {
    if (event.kind === 'link') return this.onLinkEvent(switchId, event);
    const target = this.fleet.get(switchId);
    // The crossbar may have changed under us (a failed port drops its light path, power loss empties it).
    target.ledger.saveCrossConnects(target.driver.snapshot().crossConnects);
    const alarm = toAlarm(switchId, this.config.AGENT_ID, event);
    this.logger.warn({ switchId, event }, 'switch event');
    try {
      await this.publisher.publish([alarm]);
      await this.snapshot(switchId, event.kind === 'port-health' ? 'fault' : 'power');
    } catch (err) {
      this.logger.error({ err, switchId }, 'could not report switch event; the next periodic snapshot will');
    }
  }

  private every(name: string, ms: number, task: () => Promise<void>): void {
    const loop = this.loopRunner.create({
      name,
      intervalMs: ms,
      step: task,
      // A failed report is retried within its own interval (jittered, so a fleet does not retry
      // together): a heartbeat that waited longer would make the switch look stale.
      backoff: { initialMs: ms, maxMs: ms },
      onError: (err, f) => {
        // The broker being away is expected and says itself in readiness: one line, not a stack per tick.
        if (isTransientKafkaError(err)) this.logger.warn({ loop: name, error: describeKafkaError(err), retryInMs: f.retryInMs }, 'periodic report not sent (Kafka unavailable); retrying');
        else this.logger.error({ err, loop: name, retryInMs: f.retryInMs }, 'periodic report failed; retrying');
      },
    });
    loop.start();
    this.loops.push(loop);
  }
}

function toAlarm(switchId: string, agentId: string, event: DriverEvent): AlarmEvent {
  const base = { type: 'alarm' as const, switchId, agentId, at: Date.now() };
  switch (event.kind) {
    case 'power-lost':
      return { ...base, severity: 'critical', code: 'POWER_LOST', message: `switch ${switchId} lost power: every cross-connect is down` };
    case 'power-restored':
      return { ...base, severity: 'major', code: 'POWER_RESTORED', message: `switch ${switchId} is powered again and came back empty` };
    case 'port-health':
      return {
        ...base,
        severity: event.health === 'failed' ? 'critical' : event.health === 'degraded' ? 'minor' : 'cleared',
        code: `PORT_${event.health.toUpperCase()}`,
        message: event.reason,
        port: event.port,
      };
    case 'link':
      return event.link.state === 'up'
        ? { ...base, severity: 'cleared', code: 'SWITCH_LINK_UP', message: `switch ${switchId} is reachable again; its state was re-read from the switch` }
        : { ...base, severity: 'critical', code: `SWITCH_${event.link.code ?? 'UNREACHABLE'}`.slice(0, 64), message: `switch ${switchId} is not reachable: ${event.link.reason ?? event.link.state}`.slice(0, 512) };
  }
}
