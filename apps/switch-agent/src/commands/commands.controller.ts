import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { AckEvent, ApplyCommand, SnapshotRequest } from '@lightpath/contracts';
import type { Logger } from 'pino';
import { LOGGER } from '../agent.tokens';
import { AGENT_CONFIG, type AgentConfig } from '../config/agent.config';
import { SwitchFleet } from '../fleet/switch-fleet';
import { AgentMetrics } from '../reporting/agent-metrics';
import { EventPublisher } from '../reporting/event-publisher';
import { ReporterService } from '../reporting/reporter.service';
import { applyCommand, refusedCommand } from './command-applier';

/**
 * Consumes this agent's command topics. Messages arrive already validated against the contract
 * (anything else went to the dead-letter topic); each switch's commands arrive in order.
 */
@Controller()
export class CommandsController {
  constructor(
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly fleet: SwitchFleet,
    private readonly publisher: EventPublisher,
    private readonly reporter: ReporterService,
    private readonly metrics: AgentMetrics,
  ) {}

  @EventPattern('apply')
  async apply(@Payload() command: ApplyCommand, @Ctx() ctx: KafkaContext): Promise<void> {
    const started = performance.now();
    const ack = this.fleet.has(command.switchId)
      ? await this.timed(() => applyCommand(this.fleet.get(command.switchId), command, this.config.AGENT_ID))
      : this.notServed(command);
    this.metrics.commands.inc({ status: ack.status });
    const applied = performance.now();
    await this.publisher.publish([ack], command.commandId);
    this.logger.info(
      {
        commandId: command.commandId,
        switchId: command.switchId,
        status: ack.status,
        reason: ack.reason,
        topic: ctx.getTopic(),
        // Where an agent's time goes: queueing since the orchestrator sent it, applying, acking.
        sinceIssuedMs: Date.now() - command.issuedAt,
        applyMs: +(applied - started).toFixed(2),
        ackMs: +(performance.now() - applied).toFixed(2),
      },
      'command handled',
    );
  }

  @EventPattern('snapshot-request')
  async snapshotRequest(@Payload() request: SnapshotRequest): Promise<void> {
    if (!this.fleet.has(request.switchId)) {
      this.logger.warn({ switchId: request.switchId }, 'snapshot requested for a switch this agent does not serve');
      return;
    }
    // The orchestrator asks when it does not know a switch (it missed the registration) or after a
    // restart: answer with the registration too, so either case heals without operator action.
    await this.reporter.register([request.switchId]);
    await this.reporter.snapshot(request.switchId, 'requested');
  }

  private async timed(run: () => Promise<AckEvent>): Promise<AckEvent> {
    const end = this.metrics.applySeconds.startTimer();
    try {
      return await run();
    } finally {
      end();
    }
  }

  private notServed(command: ApplyCommand): AckEvent {
    return refusedCommand(command, this.config.AGENT_ID, Date.now(), `UNKNOWN_SWITCH: agent ${this.config.AGENT_ID} does not serve switch ${command.switchId}`);
  }
}
