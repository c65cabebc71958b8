import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AckEvent, CircuitOwnership, StagedChange, StagedOperation, StageState } from '@lightpath/contracts';
import { describeKafkaError } from '@lightpath/messaging';
import type { FabricState, ListScope } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { conflict } from '../http/api-errors';
import { LeadershipService, type LeadershipListener } from '../leader/leadership.service';
import { CommandSender } from '../operations/command-sender';
import { operationNotFound } from '../operations/operation-errors';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { EventBus } from '../watch/event-bus.service';
import { AckWaiter } from './ack-waiter';
import { inverse, switchResult } from './stage-results';
import { retryTransient, TransientInfraError } from './transient-retry';

/** How long a staged operation without its own retryUntil rides out a Redis or Kafka outage. */
export const DEFAULT_RETRY_WINDOW_MS = 30_000;

/** Staged operation ids start with this, so an ack can be routed without a lookup. */
export const STAGED_PREFIX = 'sop-';

export interface PlanSubmission {
  kind: string;
  target: string;
  stages: { changes: StagedChange[] }[];
  who: string;
  tenant?: string;
  meta?: Record<string, unknown>;
  /** Transient infrastructure failures are retried until then (default: DEFAULT_RETRY_WINDOW_MS from the submit). */
  retryUntil?: number;
  /** Whose circuits it adds and whose it may remove (enforced by the claim script). */
  ownership: CircuitOwnership;
}

export type FinishedListener = (op: StagedOperation) => void;

/**
 * The operations engine: a plan's stages applied in order, each stage a multi-switch transaction.
 * Every port of the whole plan is claimed first (nothing moves if one is taken); a stage sends one
 * command per switch and awaits every ack until a deadline; when all succeeded, the stage is
 * committed to the desired state; when any failed, the switches the stage touched are put back as
 * they were before it and the operation ends rolled back, with the reason. Progress lives in Redis,
 * so a new leader resumes an operation from its current stage (re-sent commands are idempotent).
 */
@Injectable()
export class StagedOperationsService implements OnModuleInit, LeadershipListener {
  private readonly acks = new AckWaiter();
  private readonly running = new Set<string>();
  private readonly listeners: FinishedListener[] = [];

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly leadership: LeadershipService,
    private readonly commands: CommandSender,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.leadership.listen(this);
  }

  onFinished(listener: FinishedListener): void {
    this.listeners.push(listener);
  }

  /** Claims the plan's ports and starts it; answers at once with the operation (running). */
  async submit(sub: PlanSubmission): Promise<StagedOperation> {
    const epoch = this.leadership.requireLeader();
    const now = Date.now();
    const stages: StageState[] = sub.stages
      .filter((s) => s.changes.some((c) => c.add.length + c.remove.length > 0))
      .map((s, index) => ({ index, status: 'pending', changes: s.changes.filter((c) => c.add.length + c.remove.length > 0) }));
    const op: StagedOperation = {
      id: `${STAGED_PREFIX}${randomUUID()}`,
      kind: sub.kind,
      target: sub.target,
      status: 'running',
      who: sub.who,
      tenant: sub.tenant,
      epoch,
      currentStage: 0,
      stages,
      createdAt: now,
      updatedAt: now,
      retryUntil: sub.retryUntil ?? now + DEFAULT_RETRY_WINDOW_MS,
      meta: sub.meta,
      ownership: sub.ownership,
    };
    await this.state.staged.claim(op, sub.kind);
    this.publish(op);
    this.start(op);
    return op;
  }

  async get(id: string): Promise<StagedOperation> {
    const op = await this.state.staged.get(id);
    if (!op) throw operationNotFound(id);
    return op;
  }

  list(limit: number, scope: ListScope): Promise<StagedOperation[]> {
    return this.state.staged.list(limit, scope);
  }

  /** Stops an operation before its next stage; stages already applied stay applied. */
  async cancel(id: string): Promise<StagedOperation> {
    const op = await this.get(id);
    if (op.status !== 'running' && op.status !== 'pending') {
      throw conflict('OPERATION_FINISHED', `operation ${id} has already finished (${op.status}): nothing to cancel`);
    }
    await this.state.staged.requestCancel(id);
    return op;
  }

  /** Routes an ack to the stage waiting for it; false when it belongs to none here. */
  onAck(ack: AckEvent): boolean {
    return this.acks.deliver(ack);
  }

  async onElected(epoch: number): Promise<void> {
    for (const id of await this.state.staged.openIds()) {
      const op = await this.state.staged.get(id);
      if (!op || this.running.has(id)) continue;
      const adopted = { ...op, epoch, updatedAt: Date.now() };
      if (!(await this.state.staged.save(adopted))) continue;
      this.logger.warn({ operationId: id, stage: op.currentStage, fromEpoch: op.epoch, epoch }, 'staged operation adopted from the previous leader');
      this.start(adopted);
    }
  }

  onDeposed(): void {
    // Running loops find out at their next fenced write and stop; the new leader resumes them.
  }

  private start(op: StagedOperation): void {
    this.running.add(op.id);
    this.run(op)
      .catch((err) => this.logger.error({ err, operationId: op.id }, 'staged operation stopped; the next leader resumes it'))
      .finally(() => this.running.delete(op.id));
  }

  private async run(start: StagedOperation): Promise<void> {
    let op = start;
    // Every Redis write and every send below rides out a Redis restart or a Kafka hiccup (retried
    // with backoff until op.retryUntil); `op` is read afresh by each attempt, so a retry after this
    // replica was re-elected carries the new term's epoch.
    const retrying = <T>(what: string, step: (attempt: number) => Promise<T>) =>
      retryTransient(step, {
        until: op.retryUntil ?? Date.now() + DEFAULT_RETRY_WINDOW_MS,
        beforeRetry: (err, attempt, delayMs) => {
          op = this.inCurrentTerm(op);
          this.logger.warn({ operationId: op.id, what, attempt, delayMs, reason: (err as Error).message }, 'staged operation step failed on infrastructure; retrying');
        },
      });
    for (let i = op.currentStage; i < op.stages.length; i++) {
      if (await retrying('cancel check', () => this.state.staged.cancelRequested(op.id))) {
        return this.finish({ ...op, status: 'cancelled', reason: `cancelled before stage ${i + 1} of ${op.stages.length}` }, retrying);
      }
      op = this.withStage(op, i, { status: 'running', startedAt: Date.now() }, i);
      await retrying('save', () => this.state.staged.save(op));
      this.publish(op);
      const stage = op.stages[i];
      const results = await retrying('apply', (attempt) => this.apply(op, stage.changes, this.commandId(op, `s${i}`, attempt))).catch((err: unknown) =>
        // Kafka stayed away for the whole retry window: the stage fails with the reason and is put
        // back, its ports released, rather than left running with its claims held.
        notSentResults(err, stage.changes, this.config.COMMAND_TIMEOUT_MS),
      );
      if (results.every((r) => r.ok)) {
        op = this.withStage(op, i, { status: 'succeeded', results, finishedAt: Date.now() }, i + 1);
        await retrying('commit', () => this.state.staged.commitStage(op, stage.changes));
        this.publish(op);
        continue;
      }
      const failed = results.filter((r) => !r.ok);
      const undo = results.filter((r) => r.removed.length + r.added.length > 0).map(inverse);
      const undone = undo.length
        ? await retrying('roll back', (attempt) => this.apply(op, undo, this.commandId(op, `s${i}r`, attempt))).catch((err: unknown) =>
            notSentResults(err, undo, this.config.COMMAND_TIMEOUT_MS),
          )
        : [];
      const putBack = undone.every((r) => r.ok);
      const why = failed.map((f) => `${f.switchId}: ${f.reason}`).join('; ');
      op = this.withStage(op, i, { status: putBack ? 'rolled-back' : 'failed', results, finishedAt: Date.now() }, i);
      return this.finish(
        {
          ...op,
          status: putBack ? 'rolled-back' : 'failed',
          reason: putBack
            ? `stage ${i + 1} of ${op.stages.length} failed and its switches were put back as they were before it (${why})`
            : `stage ${i + 1} of ${op.stages.length} failed (${why}) and putting it back failed too; the reconciler repairs the drift`,
        },
        retrying,
      );
    }
    return this.finish({ ...op, status: 'succeeded' }, retrying);
  }

  /**
   * One command id per stage, term and attempt: a re-sent stage after a failed send must not have its
   * ack confused with a late ack of the attempt before (both apply the same idempotent change).
   */
  private commandId(op: StagedOperation, stage: string, attempt: number): string {
    return `${op.id}.${stage}.e${op.epoch}${attempt ? `.a${attempt}` : ''}`;
  }

  /** Before a retry: stop if this replica no longer leads; carry on under the new epoch if it leads a new term. */
  private inCurrentTerm(op: StagedOperation): StagedOperation {
    const epoch = this.leadership.requireLeader();
    return epoch === op.epoch ? op : { ...op, epoch, updatedAt: Date.now() };
  }

  /** Sends one command per switch and waits for every ack until the deadline. */
  private async apply(op: StagedOperation, changes: StagedChange[], commandId: string) {
    const switchIds = changes.map((c) => c.switchId);
    const generations = await Promise.all(switchIds.map((id) => this.state.switches.nextGeneration(id)));
    const deadline = Date.now() + this.config.COMMAND_TIMEOUT_MS;
    const waiting = this.acks.waitAll(commandId, switchIds, deadline);
    try {
      await this.commands.sendCommands(
        changes.map((c, i) => ({
          commandId,
          switchId: c.switchId,
          epoch: op.epoch,
          generation: generations[i],
          deadline,
          connect: c.add,
          disconnect: c.remove,
        })),
      );
    } catch (err) {
      this.acks.abandon(commandId, switchIds);
      await waiting;
      // A send that failed may still have reached a switch: the retry's change is the same and idempotent.
      throw new CommandsNotSentError(`commands for ${switchIds.join(', ')} not sent: ${describeKafkaError(err)}`, { cause: err });
    }
    const acks = await waiting;
    return changes.map((c) => switchResult(c, acks.get(c.switchId), this.config.COMMAND_TIMEOUT_MS));
  }

  private withStage(op: StagedOperation, i: number, patch: Partial<StageState>, currentStage: number): StagedOperation {
    const stages = op.stages.map((s) => (s.index === i ? { ...s, ...patch } : s));
    return { ...op, stages, currentStage, updatedAt: Date.now() };
  }

  private async finish(op: StagedOperation, retrying: (what: string, step: () => Promise<boolean>) => Promise<boolean>): Promise<void> {
    const final = { ...op, finishedAt: Date.now(), updatedAt: Date.now() };
    if (!(await retrying('finish', () => this.state.staged.release(final)))) return;
    this.logger.info({ operationId: op.id, kind: op.kind, status: op.status, reason: op.reason, stages: op.stages.length }, 'staged operation finished');
    this.publish(final);
    for (const l of this.listeners) l(final);
  }

  private publish(op: StagedOperation): void {
    // switchId is '*' because a staged operation spans switches; watchers filter by kind or tenant.
    this.bus.publish({ kind: 'operation', type: op.status, switchId: '*', tenant: op.tenant, at: Date.now(), data: { ...op } });
  }
}

/** A stage's commands could not be handed to Kafka (bounded by COMMAND_SEND_TIMEOUT_MS per attempt). */
class CommandsNotSentError extends TransientInfraError {}

/** Every switch of a stage that could not be sent fails COMMAND_NOT_SENT; any other error goes on up. */
function notSentResults(err: unknown, changes: StagedChange[], timeoutMs: number) {
  if (!(err instanceof CommandsNotSentError)) throw err;
  return changes.map((c) => switchResult(c, undefined, timeoutMs, err.message));
}
