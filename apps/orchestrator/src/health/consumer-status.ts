import { Injectable } from '@nestjs/common';

/** Lets readiness see the Kafka transport, which main.ts creates after the module graph. */
@Injectable()
export class ConsumerStatus {
  private probe: () => boolean = () => false;

  watch(probe: () => boolean): void {
    this.probe = probe;
  }

  isRunning(): boolean {
    return this.probe();
  }
}
