import { Injectable } from '@nestjs/common';
import type { ConsumerStatus as ConsumerState } from '@lightpath/messaging';

const NOT_STARTED: ConsumerState = { consuming: false, phase: 'stopped', idleMs: null, restarts: 0 };

/** Lets readiness see the Kafka transport, which main.ts creates after the module graph. */
@Injectable()
export class ConsumerStatus {
  private probe: () => ConsumerState = () => NOT_STARTED;

  watch(probe: () => ConsumerState): void {
    this.probe = probe;
  }

  /** Consuming now (joined and fetching recently), not merely started once. */
  isRunning(): boolean {
    return this.probe().consuming;
  }

  status(): ConsumerState {
    return this.probe();
  }
}
