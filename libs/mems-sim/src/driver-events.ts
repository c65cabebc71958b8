import type { DriverEvent } from './switch-driver';

/**
 * Tells every listener of a SwitchDriver about an event. One bad listener must neither stop the
 * others nor leave the driver half-updated: its error is rethrown outside this call, where an
 * uncaught exception is visible. Shared by every driver (in-process and remote).
 */
export function emitDriverEvent(listeners: Iterable<(event: DriverEvent) => void>, event: DriverEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
