/**
 * One async critical section per key, in this process. Reservations change only on the leader, so
 * serialising per reservation here (and one placement at a time) is enough to keep a renewal, the
 * sweeper and an operation's finish from overwriting each other's record; the Lua scripts are the
 * backstop across processes (I4 holds are checked inside them).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
