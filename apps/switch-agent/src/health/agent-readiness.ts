import { Inject, Injectable } from '@nestjs/common';
import type { ConsumerStatus, JsonProducer } from '@lightpath/messaging';
import type { DriverLink } from '@lightpath/mems-sim';
import { PRODUCER } from '../agent.tokens';
import { SwitchFleet } from '../fleet/switch-fleet';

const NOT_STARTED: ConsumerStatus = { consuming: false, phase: 'stopped', idleMs: null, restarts: 0 };

/**
 * What "ready" means for an agent: its command consumer is consuming now (in its group, fetching
 * recently; not merely started once) and its producer can send. The transport reports in once it
 * exists (main.ts creates it after the module graph). Heartbeats carry `consuming`, so the
 * orchestrator stops sending to this agent's switches while its consumer is down.
 */
@Injectable()
export class AgentReadiness {
  private consumer: () => ConsumerStatus = () => NOT_STARTED;

  constructor(
    @Inject(PRODUCER) private readonly producer: JsonProducer,
    private readonly fleet: SwitchFleet,
  ) {}

  watchConsumer(status: () => ConsumerStatus): void {
    this.consumer = status;
  }

  consuming(): boolean {
    return this.consumer().consuming;
  }

  /**
   * The management link of every remote switch (TL1, NETCONF, gNMI). The agent is not ready when it
   * reaches none of the switches it serves; one unreachable switch among several is said here and in
   * its heartbeat (unreachable to the orchestrator) without taking the others out of service.
   */
  links(): Record<string, DriverLink> {
    return Object.fromEntries(this.fleet.ids().flatMap((id) => {
      const link = this.fleet.get(id).driver.link?.();
      return link ? [[id, link]] : [];
    }));
  }

  async checks(): Promise<{ checks: Record<string, boolean>; consumer: ConsumerStatus; links: Record<string, DriverLink> }> {
    const consumer = this.consumer();
    const links = this.links();
    const remote = Object.keys(links).length;
    const reachable = remote === this.fleet.ids().length ? Object.values(links).some((l) => l.state === 'up') : true;
    return { checks: { kafkaProducer: await this.producer.canSend(), kafkaConsumer: consumer.consuming, switchLinks: reachable }, consumer, links };
  }
}
