import { Inject, Injectable } from '@nestjs/common';
import type { ConsumerStatus, JsonProducer } from '@lightpath/messaging';
import { PRODUCER } from '../agent.tokens';

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

  constructor(@Inject(PRODUCER) private readonly producer: JsonProducer) {}

  watchConsumer(status: () => ConsumerStatus): void {
    this.consumer = status;
  }

  consuming(): boolean {
    return this.consumer().consuming;
  }

  async checks(): Promise<{ checks: Record<string, boolean>; consumer: ConsumerStatus }> {
    const consumer = this.consumer();
    return { checks: { kafkaProducer: await this.producer.canSend(), kafkaConsumer: consumer.consuming }, consumer };
  }
}
