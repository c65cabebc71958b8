import { randomUUID } from 'node:crypto';
import type { ApplyCommand, CommandPart } from '@lightpath/contracts';

/** An apply command before it is stamped with its issue time by the sender. */
export type ApplyDraft = Omit<ApplyCommand, 'type' | 'issuedAt'>;

export interface CommandQueueOptions {
  /** Hands a batch of commands (at most one per switch) to Kafka; throws when they could not be sent. */
  send: (commands: ApplyDraft[]) => Promise<void>;
  /** Most pairs one command carries over all its parts (the contract allows MAX_PAIRS_PER_COMMAND). */
  maxPairs: number;
  /** How long work for an idle switch waits for more to join it (0: the next tick). */
  windowMs: number;
  /** The leader's epoch, stamped on every command. */
  epoch: () => number;
  /**
   * A command still unanswered this long after it was sent goes out again, unchanged, and again
   * after twice as long, while its deadline allows (0: never). See resendSilent.
   */
  resendAfterMs?: number;
  /** Told of each command sent again because its agent stayed silent (a log line, a metric). */
  onResend?: (command: ApplyDraft) => void;
}

interface Queued {
  part: CommandPart;
  resolve: (commandId: string) => void;
  reject: (err: unknown) => void;
}

interface InFlight {
  /** The command itself (its id answers acks), to hand it over again when its agent may have missed it (redeliver). */
  command: ApplyDraft;
  timer: NodeJS.Timeout;
  /** The next resend while no answer comes (resendAfterMs). */
  resend?: NodeJS.Timeout;
  /** performance.now() when it was handed to the producer, for the round-trip metric. */
  sentAt: number;
}

/**
 * Group commit per switch. Parts of concurrent operations bound for one switch wait here while that
 * switch has a command in flight; when its ack arrives (or every part of it is past its deadline,
 * after which the agent applies none of them), everything queued for the switch goes out in the
 * next command, up to `maxPairs`. A burst of reservations touching the same 48 switches thus costs a
 * few large commands per switch instead of one per reservation, and each switch moves its mirrors
 * once per batch. Commands for several switches made ready in the same tick go to Kafka in one send.
 *
 * Ordering: parts are sent in the order they were queued, and one switch's commands travel one
 * ordered partition, so a step queued after another for the same switch is applied after it.
 */
export class SwitchCommandQueue {
  private readonly queued = new Map<string, Queued[]>();
  private readonly inFlight = new Map<string, InFlight>();
  private flushTimer?: NodeJS.Timeout;
  private flushScheduled = false;
  private readonly nonce = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(private readonly options: CommandQueueOptions) {}

  /** Queues one operation's part for a switch; resolves with the id of the command that carried it once sent. */
  enqueue(switchId: string, part: CommandPart): Promise<string> {
    return new Promise((resolve, reject) => {
      const list = this.queued.get(switchId);
      const entry = { part, resolve, reject };
      if (list) list.push(entry);
      else this.queued.set(switchId, [entry]);
      this.scheduleFlush();
    });
  }

  /**
   * An ack arrived: if it answers the switch's command in flight, the switch may take its next one.
   * Returns when that command was sent (performance.now()), or undefined for any other ack.
   */
  acknowledged(switchId: string, commandId: string): number | undefined {
    const flight = this.inFlight.get(switchId);
    if (flight?.command.commandId !== commandId) return undefined;
    clearTimeout(flight.timer);
    clearTimeout(flight.resend);
    this.inFlight.delete(switchId);
    if (this.queued.has(switchId)) this.scheduleFlush();
    return flight.sentAt;
  }

  /**
   * The agent serving a switch says its command consumer was down and reads again: a command sent
   * to it meanwhile may never be read (a consumer that restarts after its partition's leader died
   * can skip what arrived in between; issue 12). The command in flight goes out again, unchanged:
   * the agent applies a command id once and answers a repeat from its journal (I5), so a command
   * that was read after all costs a "duplicate" answer. Returns the command id sent again, if any.
   */
  async redeliver(switchId: string, now = Date.now()): Promise<string | undefined> {
    const flight = this.inFlight.get(switchId);
    if (!flight || flight.command.deadline <= now) return undefined;
    await this.options.send([flight.command]);
    return flight.command.commandId;
  }

  /** Leadership lost: nothing queued will be sent by this replica; their operations learn it from the rejection. */
  reset(reason: Error): void {
    clearTimeout(this.flushTimer);
    this.flushScheduled = false;
    for (const flight of this.inFlight.values()) {
      clearTimeout(flight.timer);
      clearTimeout(flight.resend);
    }
    this.inFlight.clear();
    const all = [...this.queued.values()].flat();
    this.queued.clear();
    for (const q of all) q.reject(reason);
  }

  /** Switches with a command in flight and parts waiting, for metrics and tests. */
  depth(): { inFlight: number; queuedParts: number } {
    let queuedParts = 0;
    for (const list of this.queued.values()) queuedParts += list.length;
    return { inFlight: this.inFlight.size, queuedParts };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush();
    };
    if (this.options.windowMs > 0) this.flushTimer = setTimeout(run, this.options.windowMs);
    else setImmediate(run);
  }

  private flush(): void {
    const batch: { command: ApplyDraft; entries: Queued[] }[] = [];
    for (const [switchId, list] of this.queued) {
      if (this.inFlight.has(switchId)) continue;
      const entries = this.take(list);
      if (list.length === 0) this.queued.delete(switchId);
      const parts = entries.map((e) => e.part);
      const deadline = Math.max(...parts.map((p) => p.deadline));
      const commandId = `c-${this.nonce}-${(++this.seq).toString(36)}`;
      // Past the last part's deadline the agent applies none of them: the switch is free again then.
      const timer = setTimeout(() => this.acknowledged(switchId, commandId), Math.max(0, deadline - Date.now()) + 50);
      timer.unref();
      const command: ApplyDraft = { commandId, switchId, epoch: this.options.epoch(), deadline, parts };
      this.inFlight.set(switchId, { command, timer, sentAt: performance.now() });
      batch.push({ command, entries });
    }
    if (batch.length === 0) return;
    this.options.send(batch.map((b) => b.command)).then(
      () => {
        for (const b of batch) {
          this.resendSilent(b.command, this.options.resendAfterMs ?? 0);
          for (const e of b.entries) e.resolve(b.command.commandId);
        }
      },
      (err: unknown) => {
        // Not sent: the switches are free for the next attempt at once.
        for (const b of batch) {
          const flight = this.inFlight.get(b.command.switchId);
          if (flight?.command.commandId === b.command.commandId) this.acknowledged(b.command.switchId, b.command.commandId);
          for (const e of b.entries) e.reject(err);
        }
      },
    );
  }

  /**
   * At-least-once delivery: a command the broker took but no answer followed is sent again after
   * `afterMs`, then after twice that, until its ack or its deadline. The agent applies a command id
   * once and answers a repeat from its journal (I5), so a repeat costs a "duplicate" answer. Why: a
   * broker killed while a produce request was in flight can leave a command that kafkajs reported
   * sent missing from its topic (issue 12's broker-kill test saw one command of a stage on the log
   * and its sibling not, with no consumer down); without this the stage waited out its deadline and
   * rolled back.
   */
  private resendSilent(command: ApplyDraft, afterMs: number): void {
    if (afterMs <= 0) return;
    const flight = this.inFlight.get(command.switchId);
    if (flight?.command.commandId !== command.commandId) return;
    const at = Date.now() + afterMs;
    if (at >= command.deadline) return;
    flight.resend = setTimeout(() => {
      const now = this.inFlight.get(command.switchId);
      if (now?.command.commandId !== command.commandId) return;
      this.options.onResend?.(command);
      this.options.send([command]).then(
        () => this.resendSilent(command, afterMs * 2),
        () => this.resendSilent(command, afterMs * 2),
      );
    }, afterMs);
    flight.resend.unref();
  }

  /** The oldest queued parts up to the pair cap (always at least one, whatever its size). */
  private take(list: Queued[]): Queued[] {
    let pairs = 0;
    let n = 0;
    while (n < list.length) {
      const size = list[n].part.connect.length + list[n].part.disconnect.length;
      if (n > 0 && pairs + size > this.options.maxPairs) break;
      pairs += size;
      n++;
    }
    return list.splice(0, n);
  }
}
