/**
 * What "consuming" means, from the events kafkajs reports: the consumer has joined its group (and
 * not crashed or stopped since), and it has fetched or heartbeaten within the activity window. A
 * consumer that joined once and then went quiet (a broker restart, a fetch retrying against a broker
 * that is gone) is not consuming, whatever it did before: readiness must reflect what works now.
 */
export type ConsumerPhase = 'starting' | 'joined' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  consuming: boolean;
  phase: ConsumerPhase;
  /** Milliseconds since kafkajs last reported a fetch or heartbeat; null before any. */
  idleMs: number | null;
  /** Restarts the supervisor made (kafkajs' own restarts are not counted). */
  restarts: number;
  /** Why it last crashed or stopped, for /health/ready and logs. */
  lastError?: string;
}

export class ConsumerActivity {
  private phase: ConsumerPhase = 'stopped';
  private lastActiveAt: number | null = null;
  private lastError?: string;
  private restarts = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  starting(): void {
    this.phase = 'starting';
  }

  /** Joining counts as activity: the group has just accepted us. */
  joined(): void {
    this.phase = 'joined';
    this.lastActiveAt = this.now();
  }

  /** A fetch, a heartbeat or a batch: proof of life, counted only while joined. */
  active(): void {
    this.lastActiveAt = this.now();
  }

  crashed(reason: string): void {
    this.phase = 'crashed';
    this.lastError = reason;
  }

  stopped(reason?: string): void {
    this.phase = 'stopped';
    if (reason) this.lastError = reason;
  }

  restarted(): void {
    this.restarts++;
  }

  /** Joined but silent for longer than `factor` windows: kafkajs is stuck, not merely slow. */
  isStuck(factor: number): boolean {
    return this.phase === 'joined' && this.lastActiveAt !== null && this.now() - this.lastActiveAt > factor * this.windowMs;
  }

  status(): ConsumerStatus {
    const idleMs = this.lastActiveAt === null ? null : this.now() - this.lastActiveAt;
    return {
      consuming: this.phase === 'joined' && idleMs !== null && idleMs <= this.windowMs,
      phase: this.phase,
      idleMs,
      restarts: this.restarts,
      lastError: this.lastError,
    };
  }
}
