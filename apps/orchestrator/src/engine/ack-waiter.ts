import type { AckEvent } from '@lightpath/contracts';

/**
 * Correlates acks with the commands a stage sent (our own correlation ids, never Nest's
 * request-reply over Kafka): `waitAll` resolves with every switch's ack, or with undefined for a
 * switch that did not answer by the deadline.
 */
export class AckWaiter {
  private readonly waiting = new Map<string, (ack: AckEvent | undefined) => void>();

  static key(commandId: string, switchId: string): string {
    return `${commandId}|${switchId}`;
  }

  /** Returns true when the ack was awaited here. */
  deliver(ack: AckEvent): boolean {
    const resolve = this.waiting.get(AckWaiter.key(ack.commandId, ack.switchId));
    if (!resolve) return false;
    resolve(ack);
    return true;
  }

  /** Stops waiting for a command that was never sent: its waitAll resolves now, every switch silent. */
  abandon(commandId: string, switchIds: string[]): void {
    for (const switchId of switchIds) this.waiting.get(AckWaiter.key(commandId, switchId))?.(undefined);
  }

  async waitAll(commandId: string, switchIds: string[], deadline: number): Promise<Map<string, AckEvent | undefined>> {
    const results = new Map<string, AckEvent | undefined>();
    await Promise.all(
      switchIds.map(
        (switchId) =>
          new Promise<void>((resolve) => {
            const key = AckWaiter.key(commandId, switchId);
            const timer = setTimeout(() => {
              this.waiting.delete(key);
              results.set(switchId, undefined);
              resolve();
            }, Math.max(0, deadline - Date.now()));
            this.waiting.set(key, (ack) => {
              clearTimeout(timer);
              this.waiting.delete(key);
              results.set(switchId, ack);
              resolve();
            });
          }),
      ),
    );
    return results;
  }
}
