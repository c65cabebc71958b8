import { Inject, Injectable } from '@nestjs/common';
import type { JsonProducer } from '@lightpath/messaging';
import { PRODUCER } from '../agent.tokens';

/** What "ready" means for an agent; the transport reports in once its consumer has joined. */
@Injectable()
export class AgentReadiness {
  private consumerRunning: () => boolean = () => false;

  constructor(@Inject(PRODUCER) private readonly producer: JsonProducer) {}

  watchConsumer(isRunning: () => boolean): void {
    this.consumerRunning = isRunning;
  }

  checks(): Record<string, boolean> {
    return { kafkaProducer: this.producer.isConnected, kafkaConsumer: this.consumerRunning() };
  }
}
