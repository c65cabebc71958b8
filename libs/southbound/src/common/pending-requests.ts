/**
 * Requests in flight on one session, keyed by their correlation id (TL1 CTAG, NETCONF message-id),
 * each with a deadline. A request not answered in time calls onTimeout (the session then ends and
 * fails the rest): a protocol stream whose answers stopped matching its questions cannot be trusted.
 */
export class PendingRequests<T> {
  private readonly waiting = new Map<string, { resolve(value: T): void; reject(error: Error): void; timer: NodeJS.Timeout }>();

  add(key: string, timeoutMs: number, onTimeout: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(onTimeout, timeoutMs);
      this.waiting.set(key, { resolve, reject, timer });
    });
  }

  /** False when nothing waits for this key (a late or unsolicited answer). */
  settle(key: string, value: T): boolean {
    const entry = this.waiting.get(key);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.waiting.delete(key);
    entry.resolve(value);
    return true;
  }

  rejectAll(error: Error): void {
    for (const entry of this.waiting.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.waiting.clear();
  }
}
