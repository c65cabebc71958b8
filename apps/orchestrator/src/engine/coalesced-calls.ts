export interface CoalescedCallsOptions<I, O> {
  /** Runs a batch in one go; answers one output per input, in order. */
  run: (inputs: I[]) => Promise<O[]>;
  /** At most this many inputs per batch (bounds one script's work on Redis). */
  maxBatch: number;
  /**
   * Whether a failed batch is run again call by call (default: always). Not worth it when the error
   * is the infrastructure's (Redis away): every call would fail the same, one after another.
   */
  isolate?: (err: unknown) => boolean;
}

interface Waiting<I, O> {
  input: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Calls that arrive while one is running are made together, in one batch, once it returns (group
 * commit): every caller still awaits its own answer, so nothing is acknowledged to Kafka before it
 * is recorded. Each partition of the events topic hands its acks over one at a time, so this is what
 * lets the acks of all partitions share one Redis round trip instead of each waiting its turn
 * (bench:scale, issue 12). A batch that fails is run again call by call, so one bad input fails
 * only its own caller, as it would have on its own.
 */
export class CoalescedCalls<I, O> {
  private pending: Waiting<I, O>[] = [];
  private running = false;

  constructor(private readonly options: CoalescedCallsOptions<I, O>) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      // After the current I/O phase: the calls its callbacks make join the same batch.
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      await this.runBatch(batch);
    }
    this.running = false;
  }

  private async runBatch(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const outs = await this.options.run(batch.map((w) => w.input));
      if (outs.length !== batch.length) throw new Error(`a batch of ${batch.length} calls answered ${outs.length} results`);
      batch.forEach((w, i) => w.resolve(outs[i]));
    } catch (err) {
      if (batch.length === 1 || !(this.options.isolate?.(err) ?? true)) return batch.forEach((w) => w.reject(err));
      // One at a time: only the input that fails on its own sees the error.
      for (const w of batch) await this.runBatch([w]);
    }
  }
}
