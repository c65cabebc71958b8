/** One switch's latest sign of life, as a heartbeat reports it. */
export interface SignOfLife {
  switchId: string;
  at: number;
  powered: boolean;
  consuming?: boolean;
}

export interface HeartbeatRecorderOptions {
  /** Writes a batch (one pipeline); throws when Redis is away. */
  write: (entries: SignOfLife[]) => Promise<void>;
  /** How long a heartbeat may wait for others to join its write. */
  flushMs: number;
  /** A batch that could not be written: dropped, since the next heartbeat says the same. */
  onDropped: (entries: number, err: unknown) => void;
}

/**
 * Heartbeats, coalesced. Every switch heartbeats every couple of seconds, so a fleet of 1,000
 * switches sends 500 a second; written one by one, each waiting on its Redis round trip before the
 * events consumer read the next, the orchestrator fell behind and switches looked unreachable while
 * their heartbeats queued (bench:scale, issue 12). Here the consumer hands the heartbeat over and
 * moves on; the latest one per switch is written with the others in one pipeline at most `flushMs`
 * later, one batch at a time. A heartbeat changes only a switch's liveness fields, which the next
 * heartbeat writes again, so one lost to a crash or a Redis outage costs nothing lasting.
 */
export class HeartbeatRecorder {
  private pending = new Map<string, SignOfLife>();
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;

  constructor(private readonly options: HeartbeatRecorderOptions) {}

  record(entry: SignOfLife): void {
    this.pending.set(entry.switchId, entry);
    this.schedule();
  }

  /** Writes what is pending now (shutdown, tests). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.writing = this.options
      .write(batch)
      .catch((err: unknown) => this.options.onDropped(batch.length, err))
      .finally(() => {
        this.writing = undefined;
        if (this.pending.size > 0) this.schedule();
      });
    await this.writing;
  }

  private schedule(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }
}
