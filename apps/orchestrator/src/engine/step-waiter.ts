import type { SwitchResult } from '@lightpath/contracts';

/**
 * Wakes an operation's run loop when an answer for its current step arrives. The answers and the
 * count of switches still awaited live in Redis (OperationStore.settle); every replica reads every
 * ack, so the leader running the loop always hears of an answer, whichever replica recorded it, and
 * learns from the count how many are still missing.
 */
export class StepWaiter {
  private readonly steps = new Map<string, StepWait>();

  /** Opens a wait before the step's commands are sent, so no answer can arrive unheard. */
  open(operationId: string, awaited: number, step: string): StepWait {
    this.steps.get(operationId)?.close();
    const wait = new StepWait(awaited, step, () => {
      if (this.steps.get(operationId) === wait) this.steps.delete(operationId);
    });
    this.steps.set(operationId, wait);
    return wait;
  }

  /**
   * An answer for the operation was recorded (by this replica or another): `remaining` still
   * awaited. The answer itself is kept when it is for the step awaited here, so the run loop
   * seldom needs to read the step's results back from Redis.
   */
  wake(operationId: string, remaining: number, answer?: { step: string; result: SwitchResult }): void {
    this.steps.get(operationId)?.update(remaining, answer);
  }

  /** Stops every wait (leadership lost): the loops find out at their next fenced write. */
  closeAll(): void {
    for (const wait of [...this.steps.values()]) wait.close();
  }
}

export class StepWait {
  private resolve?: (settled: boolean) => void;
  private timer?: NodeJS.Timeout;
  /** The answers heard here for this step, by switch: the same ones Redis recorded (same ack, same step). */
  readonly answers = new Map<string, SwitchResult>();

  constructor(
    private remaining: number,
    private readonly step: string,
    private readonly onClose: () => void,
  ) {}

  update(remaining: number, answer?: { step: string; result: SwitchResult }): void {
    if (answer?.step === this.step && !this.answers.has(answer.result.switchId)) this.answers.set(answer.result.switchId, answer.result);
    this.remaining = Math.min(this.remaining, remaining);
    if (this.remaining === 0) this.finish(true);
  }

  /** Resolves true once every switch answered, false at `deadline` (epoch ms) or when closed. */
  settled(deadline: number): Promise<boolean> {
    if (this.remaining === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.finish(false), Math.max(0, deadline - Date.now()));
    });
  }

  close(): void {
    this.finish(false);
  }

  private finish(settled: boolean): void {
    clearTimeout(this.timer);
    const resolve = this.resolve;
    this.resolve = undefined;
    this.onClose();
    resolve?.(settled);
  }
}
