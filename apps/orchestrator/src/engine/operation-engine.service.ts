import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { listSome, type AckEvent, type CircuitOwnership, type StagedChange, type StagedOperation, type StageState, type SwitchResult } from '@lightpath/contracts';
import { describeKafkaError } from '@lightpath/messaging';
import { LoopRunner, type Loop } from '@lightpath/observability';
import { isStateUnavailable, type AckPart, type FabricState, type ListScope, type OperationList, type StepOutcome } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { conflict } from '../http/api-errors';
import { runWhileLeading } from '../leader/leader-loops';
import { LeadershipService } from '../leader/leadership.service';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { EventBus } from '../watch/event-bus.service';
import { CoalescedCalls } from './coalesced-calls';
import { CommandSender } from './command-sender';
import { crossConnectView, isCrossConnectOperation } from './cross-connect-view';
import { operationNotFound } from './operation-errors';
import { operationEventData } from './operation-event';
import { pairAtomicReason, stageFailure } from './operation-outcome';
import { OrchestratorMetrics } from './orchestrator-metrics';
import { effectOf, inverse, missingResult, partResult } from './stage-results';
import { StepWaiter } from './step-waiter';
import { SwitchCommandQueue } from './switch-command-queue';
import { retryTransient, TransientInfraError } from './transient-retry';

/** How long an operation without its own retryUntil rides out a Redis or Kafka outage. */
export const DEFAULT_RETRY_WINDOW_MS = 30_000;

export interface PlanSubmission {
  kind: string;
  target: string;
  stages: { changes: StagedChange[] }[];
  who: string;
  tenant?: string;
  meta?: Record<string, unknown>;
  /** Transient infrastructure failures are retried until then (default: DEFAULT_RETRY_WINDOW_MS from the claim's end). */
  retryUntil?: number;
  /** Whose circuits it adds and whose it may remove (enforced by the claim script). */
  ownership: CircuitOwnership;
  /** stage (default): a failed stage is put back on every switch; pair: what took effect stands (one stage only). */
  atomicity?: 'stage' | 'pair';
  /** converge: make switches match the desired state without changing it (the reconciler's repairs). */
  mode?: 'change' | 'converge';
  /** The list it is shown in (default staged); single-switch cross-connect operations have their own. */
  list?: OperationList;
  /** Resolve only once the first step is handed to Kafka; if it cannot be, the operation fails and submit throws. */
  untilSent?: boolean;
}

/** How often the leader looks for open operations that no loop of its own drives. */
const RESUME_INTERVAL_MS = 2_000;

/**
 * At most this many acks settled in one script: each part is a few O(1) hash calls, so a batch holds
 * Redis well under a millisecond per ack, and the leader's lease renewal never waits long behind it.
 */
const ACK_BATCH_MAX = 200;

export type FinishedListener = (op: StagedOperation) => void;

/** The operation's first commands could not be handed to Kafka: it failed and released its ports. */
export class OperationNotSentError extends Error {
  override readonly name = 'OperationNotSentError';
  constructor(readonly operation: StagedOperation) {
    super(operation.reason ?? 'the command could not be sent');
  }
}

/**
 * The one operations engine. Every mutation of the fabric is an operation of stages applied in
 * order: a single cross-connect or batch is one stage on one switch; topologies, drains, repairs
 * and reservations are stages over many switches; the reconciler's repairs are one stage that makes
 * a switch match the desired state.
 *
 * Every port the operation touches is claimed first, in one script (nothing moves if one is taken,
 * I1). A stage sends each switch its part, through the per-switch group commit
 * (switch-command-queue.ts), and awaits every switch's answer until a deadline. Answers come back
 * one way (acknowledge()): each ack's parts are recorded in Redis against the step each switch is
 * awaited with (OperationStore.settle), so any replica can record them, exactly once, and the
 * leader's run loop is woken. When every switch of a stage succeeded, the stage is committed to the
 * desired state; when any failed, a stage-atomic operation puts the switches back as they were
 * before it, while a pair-atomic one keeps what took effect. The last stage's effect and the
 * release of the ports are one script (finish), so a follower can close a single-switch operation
 * on its ack even while no leader is elected. Progress lives in Redis: a new leader resumes every
 * open operation from its current stage (re-sent parts are idempotent on the switch).
 */
@Injectable()
export class OperationEngine implements OnModuleInit, OnModuleDestroy {
  private readonly waiter = new StepWaiter();
  private readonly queue: SwitchCommandQueue;
  /** Leader only: resumes open operations no loop here drives (on election at once, then periodically). */
  private readonly resumer: Loop;
  private readonly running = new Set<string>();
  private readonly listeners: FinishedListener[] = [];
  /** Acks handed over at once (from the events topic's partitions) are settled in one script. */
  private readonly acks: CoalescedCalls<{ switchId: string; parts: AckPart[] }, StepOutcome[]>;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly leadership: LeadershipService,
    private readonly commands: CommandSender,
    private readonly bus: EventBus,
    private readonly graph: FabricGraph,
    private readonly metrics: OrchestratorMetrics,
    loops: LoopRunner,
  ) {
    this.resumer = loops.create({ name: 'operations-resume', intervalMs: RESUME_INTERVAL_MS, initialDelayMs: 0, step: () => this.resumeOpen().then(() => undefined) });
    this.acks = new CoalescedCalls({
      run: (acks) => this.state.operations.settleAcks(acks),
      maxBatch: ACK_BATCH_MAX,
      // Redis away: every ack fails alike and is retried by its handler (switch-events.controller.ts).
      isolate: (err) => !isStateUnavailable(err),
    });
    this.queue = new SwitchCommandQueue({
      send: (drafts) => this.commands.sendApplies(drafts),
      maxPairs: config.COMMAND_BATCH_MAX_PAIRS,
      windowMs: config.COMMAND_BATCH_WINDOW_MS,
      epoch: () => this.leadership.current.epoch,
      resendAfterMs: config.COMMAND_RESEND_MS,
      onResend: (c) => this.logger.info({ switchId: c.switchId, commandId: c.commandId, afterMs: config.COMMAND_RESEND_MS }, 'command sent again: no answer yet'),
    });
  }

  onModuleInit(): void {
    // Every open operation is resumed when this replica is elected; on losing the lease nothing
    // queued here is sent any more (the next leader resumes those operations).
    runWhileLeading(this.leadership, this.resumer, { onDeposed: () => this.stopSending() });
    // A new term starts from what the switches hold now: each is asked for a fresh snapshot.
    this.leadership.listen({
      onElected: (epoch) => this.commands.requestSnapshots(this.graph.switchIds(), epoch, this.config.COMMAND_TIMEOUT_MS),
      onDeposed: () => undefined,
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopSending();
    await this.resumer.stop();
  }

  onFinished(listener: FinishedListener): void {
    this.listeners.push(listener);
  }

  /** Claims the plan's ports and starts it; answers at once with the operation (running). */
  async submit(sub: PlanSubmission): Promise<StagedOperation> {
    const epoch = this.leadership.requireLeader();
    const now = Date.now();
    const stages: StageState[] = sub.stages
      .map((s) => s.changes.filter((c) => c.add.length + c.remove.length > 0))
      .filter((changes) => changes.length > 0)
      .map((changes, index) => ({ index, status: 'pending', changes }));
    if (sub.atomicity === 'pair' && stages.length > 1) throw new Error(`a pair-atomic operation has one stage, not ${stages.length}`);
    // The first stage runs from the start: saved with the claim, not in a write of its own.
    if (stages.length > 0) stages[0] = { ...stages[0], status: 'running', startedAt: now, deadline: now + this.config.COMMAND_TIMEOUT_MS };
    const list = sub.list ?? 'staged';
    const op: StagedOperation = {
      id: `${list === 'cross-connects' ? 'op' : 'sop'}-${randomUUID()}`,
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
      atomicity: sub.atomicity,
      mode: sub.mode,
    };
    await this.state.operations.claim(op, sub.kind, list);
    this.publish(op);
    // The retry window counts from the claim's end: claiming a 320,000-circuit plan takes seconds,
    // and a window spent before the first send made one slow send fail the whole stage (bench:scale).
    const running = sub.retryUntil === undefined ? { ...op, retryUntil: Date.now() + DEFAULT_RETRY_WINDOW_MS } : op;
    if (!sub.untilSent) {
      this.start(running);
      return op;
    }
    let sent!: () => void;
    const handedOver = new Promise<void>((resolve) => (sent = resolve));
    const done = this.start(running, sent);
    if ((await Promise.race([handedOver.then(() => 'sent' as const), done.then(() => 'done' as const)])) === 'done') {
      const final = await this.state.operations.get(op.id);
      if (final && final.status !== 'succeeded' && final.status !== 'running') throw new OperationNotSentError(final);
    }
    return op;
  }

  async get(id: string): Promise<StagedOperation> {
    const op = await this.state.operations.get(id);
    if (!op) throw operationNotFound(id);
    return op;
  }

  list(limit: number, scope: ListScope): Promise<StagedOperation[]> {
    return this.state.operations.list(limit, scope);
  }

  listCrossConnectOperations(limit: number): Promise<StagedOperation[]> {
    return this.state.operations.listCrossConnectOperations(limit);
  }

  /** Stops an operation before its next stage; stages already applied stay applied. */
  async cancel(id: string): Promise<StagedOperation> {
    const op = await this.get(id);
    if (op.status !== 'running' && op.status !== 'pending') {
      throw conflict('OPERATION_FINISHED', `operation ${id} has already finished (${op.status}): nothing to cancel`);
    }
    await this.state.operations.requestCancel(id);
    return op;
  }

  /**
   * The one way an answer comes back, on every replica: the switch is free for its next command
   * (group commit), and each part is recorded against the step its operation awaits. The replica
   * whose record completes a pair-atomic operation's step closes it if no loop of its own runs it.
   */
  async acknowledge(ack: AckEvent): Promise<void> {
    const sent = this.queue.acknowledged(ack.switchId, ack.commandId);
    if (sent !== undefined) this.metrics.roundTrip.observe({ kind: 'apply' }, (performance.now() - sent) / 1000);
    // Every part of the command, with the parts of the acks other partitions handed over meanwhile,
    // in one script (CoalescedCalls): each part is still checked against the step it answers.
    const results = ack.parts.map((part) => partResult(ack, part));
    const settled = await this.acks.call({
      switchId: ack.switchId,
      parts: ack.parts.map((part, i) => ({ operationId: part.operationId, step: part.step, result: results[i] })),
    });
    await Promise.all(
      ack.parts.map(async (part, i) => {
        const { accepted, remaining } = settled[i];
        this.waiter.wake(part.operationId, remaining, { step: part.step, result: results[i] });
        if (accepted > 0 && remaining === 0 && !this.running.has(part.operationId)) await this.closeSettled(part.operationId);
      }),
    );
  }

  /**
   * An agent reads its commands again after its consumer was down: whatever this leader has in
   * flight to that switch is handed over again (SwitchCommandQueue.redeliver). Followers hold no
   * command in flight, so on them this does nothing.
   */
  async redeliver(switchId: string): Promise<void> {
    try {
      const commandId = await this.queue.redeliver(switchId);
      if (commandId) this.logger.info({ switchId, commandId }, 'command sent again: its agent reads its commands again after its consumer was down');
    } catch (err) {
      // The deadline still holds: a command that cannot be sent again times out as it would have.
      this.logger.warn({ switchId, reason: describeKafkaError(err) }, 'command could not be sent again to an agent whose consumer came back');
    }
  }

  /** Running loops find out at their next fenced write and stop; the new leader resumes them. */
  private stopSending(): void {
    this.queue.reset(new NotLeadingError());
    this.waiter.closeAll();
  }

  /**
   * Resumes every open operation no loop of this replica drives: left by a dead or deposed leader,
   * or whose loop stopped on an error. Each carries on from its current stage under this term.
   */
  async resumeOpen(): Promise<number> {
    const epoch = this.leadership.requireLeader();
    let resumed = 0;
    for (const id of await this.state.operations.openIds()) {
      if (this.running.has(id)) continue;
      const op = await this.state.operations.get(id);
      if (!op || this.running.has(id)) continue;
      const adopted = { ...op, epoch, updatedAt: Date.now() };
      if (!(await this.state.operations.save(adopted))) continue;
      if (op.epoch !== epoch) this.logger.warn({ operationId: id, stage: op.currentStage, fromEpoch: op.epoch, epoch }, 'operation adopted from the previous leader');
      else this.logger.warn({ operationId: id, stage: op.currentStage }, 'operation resumed: no loop was driving it');
      this.start(adopted);
      resumed++;
    }
    return resumed;
  }

  private start(op: StagedOperation, sent?: () => void): Promise<void> {
    this.running.add(op.id);
    return this.run(op, sent)
      .catch((err) => this.logger.error({ err, operationId: op.id }, 'operation loop stopped; the leader resumes it'))
      .finally(() => this.running.delete(op.id));
  }

  private async run(start: StagedOperation, sent?: () => void): Promise<void> {
    let op = start;
    // Every Redis write and every send below rides out a Redis restart or a Kafka hiccup (retried
    // with backoff until op.retryUntil); `op` is read afresh by each attempt, so a retry after this
    // replica was re-elected carries the new term's epoch.
    const retrying: Retrying = (what, step) =>
      retryTransient(step, {
        until: op.retryUntil ?? Date.now() + DEFAULT_RETRY_WINDOW_MS,
        beforeRetry: (err, attempt, delayMs) => {
          op = this.inCurrentTerm(op);
          this.logger.warn({ operationId: op.id, what, attempt, delayMs, reason: (err as Error).message }, 'operation step failed on infrastructure; retrying');
        },
      });
    for (let i = op.currentStage; i < op.stages.length; i++) {
      // A single-switch operation cannot be cancelled (the API refuses): no check to pay for.
      if (op.atomicity !== 'pair' && (await retrying('cancel check', () => this.state.operations.cancelRequested(op.id)))) {
        return this.finish({ ...op, status: 'cancelled', reason: `cancelled before stage ${i + 1} of ${op.stages.length}` }, [], retrying);
      }
      // A fresh operation's first stage was saved running with its claim, a resumed one's by resumeOpen.
      if (!(i === start.currentStage && op.stages[i].status === 'running')) {
        const now = Date.now();
        op = this.withStage(op, i, { status: 'running', startedAt: now, deadline: now + this.config.COMMAND_TIMEOUT_MS }, i);
        await retrying('save', () => this.state.operations.save(op));
        this.publish(op);
      }
      const stage = op.stages[i];
      const results = await this.step(op, `s${i}`, stage.changes, retrying, sent);
      if (!results) return this.closedElsewhere(op.id);
      if (op.atomicity === 'pair') return this.closePairAtomic(op, results, retrying);
      if (results.every((r) => r.ok)) {
        op = this.withStage(op, i, { status: 'succeeded', results, finishedAt: Date.now() }, i + 1);
        if (i === op.stages.length - 1) return this.finish({ ...op, status: 'succeeded' }, stage.changes, retrying);
        await retrying('commit', () => this.state.operations.commitStage(op, stage.changes));
        this.publish(op);
        continue;
      }
      const undo = results.filter((r) => r.removed.length + r.added.length > 0).map(inverse);
      const undone = undo.length ? await this.step(op, `s${i}r`, undo, retrying) : [];
      if (!undone) return this.closedElsewhere(op.id);
      const putBack = undone.every((r) => r.ok);
      const why = stageFailure(results);
      op = this.withStage(op, i, { status: putBack ? 'rolled-back' : 'failed', results, finishedAt: Date.now() }, i);
      return this.finish(
        {
          ...op,
          status: putBack ? 'rolled-back' : 'failed',
          reason: putBack
            ? `stage ${i + 1} of ${op.stages.length} failed and its switches were put back as they were before it (${why})`
            : `stage ${i + 1} of ${op.stages.length} failed (${why}) and putting it back failed too; the reconciler repairs the drift`,
        },
        [],
        retrying,
      );
    }
    return this.finish({ ...op, status: 'succeeded' }, [], retrying);
  }

  /**
   * One step of a stage: await every switch's answer in Redis, hand each switch its part through
   * the group commit, and wait until all answered or the deadline passed (switches still silent are
   * then recorded as timed out, unless their answer wins the race). A send that fails is retried
   * under a new step token until the operation's retry window closes; then every switch of the step
   * fails COMMAND_NOT_SENT. Undefined when the operation was closed meanwhile (by another replica).
   */
  private async step(op: StagedOperation, name: string, changes: StagedChange[], retrying: Retrying, sent?: () => void): Promise<SwitchResult[] | undefined> {
    const attempt = async (n: number): Promise<SwitchResult[] | undefined> => {
      const token = `${name}.e${op.epoch}${n ? `.a${n}` : ''}`;
      const switchIds = changes.map((c) => c.switchId);
      if (!(await this.state.operations.awaitStep(op.id, token, op.epoch, switchIds))) return undefined;
      const wait = this.waiter.open(op.id, switchIds.length, token);
      const deadline = Date.now() + this.config.COMMAND_TIMEOUT_MS;
      let commandIds: string[];
      try {
        commandIds = await Promise.all(changes.map((c) => this.queue.enqueue(c.switchId, { operationId: op.id, step: token, deadline, connect: c.add, disconnect: c.remove })));
      } catch (err) {
        wait.close();
        if (err instanceof NotLeadingError) throw err;
        // A send that failed may still have reached a switch: the retry's change is the same and idempotent.
        throw new CommandsNotSentError(`could not send the commands to ${listSome(switchIds, 3, 'switches')}: ${describeKafkaError(err)}`, { cause: err });
      }
      sent?.();
      const settled = await wait.settled(deadline);
      // Every answer was heard here (the usual case: every replica reads every ack): no read back.
      if (settled && changes.every((c) => wait.answers.has(c.switchId))) return changes.map((c) => wait.answers.get(c.switchId)!);
      if (!settled) await this.settleSilent(op, token, changes, commandIds);
      const results = await this.state.operations.stepResults(op.id);
      return changes.map((c, i) => results.get(c.switchId) ?? missingResult(c, this.timeoutReason(c.switchId, commandIds[i]), commandIds[i]));
    };
    return retrying('apply', attempt).catch((err: unknown) => {
      // Kafka stayed away for the whole retry window: the step fails with the reason rather than
      // holding its claims.
      if (!(err instanceof CommandsNotSentError)) throw err;
      return changes.map((c) => missingResult(c, `COMMAND_NOT_SENT: ${err.message}`));
    });
  }

  /** Deadline passed: switches still awaited with this step's token are recorded as timed out. */
  private async settleSilent(op: StagedOperation, token: string, changes: StagedChange[], commandIds: string[]): Promise<void> {
    const awaiting = await this.state.operations.awaiting(op.id);
    const silent = changes.flatMap((c, i) =>
      awaiting.get(c.switchId) === token ? [{ switchId: c.switchId, step: token, result: missingResult(c, this.timeoutReason(c.switchId, commandIds[i]), commandIds[i]) }] : [],
    );
    if (silent.length > 0) await this.state.operations.settle(op.id, silent);
  }

  private timeoutReason(switchId: string, commandId: string): string {
    const agent = this.graph.getSwitch(switchId)?.agentId ?? 'unknown';
    return `TIMEOUT: switch ${switchId} (agent ${agent}) did not acknowledge command ${commandId} within ${this.config.COMMAND_TIMEOUT_MS} ms`;
  }

  /** A pair-atomic operation's only step is settled: what took effect stands, the rest is left undone. */
  private async closePairAtomic(op: StagedOperation, results: SwitchResult[], retrying: Retrying): Promise<void> {
    const reason = pairAtomicReason(op, results);
    const final = this.withStage({ ...op, status: reason ? 'failed' : 'succeeded', reason }, 0, { status: reason ? 'failed' : 'succeeded', results, finishedAt: Date.now() }, 1);
    // converge: the switch was made to match the desired state, which stays as it is.
    return this.finish(final, op.mode === 'converge' ? [] : results.map(effectOf), retrying);
  }

  /** Any replica: an ack completed a pair-atomic operation's step that no loop here drives. */
  private async closeSettled(operationId: string): Promise<void> {
    const op = await this.state.operations.get(operationId);
    if (!op || op.atomicity !== 'pair' || (op.status !== 'running' && op.status !== 'pending')) return;
    const results = await this.state.operations.stepResults(operationId);
    const change = op.stages[0]?.changes ?? [];
    const ordered = change.map((c) => results.get(c.switchId));
    if (ordered.some((r) => r === undefined)) return;
    await this.closePairAtomic(op, ordered as SwitchResult[], (_what, step) => step(0));
  }

  /** The loop's operation was closed by another replica: its listeners here still hear of it. */
  private async closedElsewhere(operationId: string): Promise<void> {
    const op = await this.state.operations.get(operationId);
    if (op && op.status !== 'running' && op.status !== 'pending') for (const l of this.listeners) l(op);
  }

  /** Before a retry: stop if this replica no longer leads; carry on under the new epoch if it leads a new term. */
  private inCurrentTerm(op: StagedOperation): StagedOperation {
    const epoch = this.leadership.requireLeader();
    return epoch === op.epoch ? op : { ...op, epoch, updatedAt: Date.now() };
  }

  private withStage(op: StagedOperation, i: number, patch: Partial<StageState>, currentStage: number): StagedOperation {
    const stages = op.stages.map((s) => (s.index === i ? { ...s, ...patch } : s));
    return { ...op, stages, currentStage, updatedAt: Date.now() };
  }

  private async finish(op: StagedOperation, commit: StagedChange[], retrying: Retrying): Promise<void> {
    const final = { ...op, finishedAt: Date.now(), updatedAt: Date.now() };
    if (!(await retrying('finish', () => this.state.operations.finish(final, commit)))) return this.closedElsewhere(op.id);
    this.logger.info({ operationId: op.id, kind: op.kind, status: op.status, reason: op.reason, stages: op.stages.length }, 'operation finished');
    this.metrics.operations.inc({ kind: op.kind, outcome: op.status });
    this.publish(final);
    for (const l of this.listeners) l(final);
  }

  private publish(op: StagedOperation): void {
    if (isCrossConnectOperation(op)) {
      const view = crossConnectView(op);
      const { id, kind, status, reason, pairs, results, switchingMs, roundTripMs } = view;
      this.bus.publish({
        kind: 'operation',
        type: status,
        switchId: view.switchId,
        at: view.updatedAt,
        data: { operationId: id, operationKind: kind, status, reason, pairs, results, switchingMs, roundTripMs },
      });
      return;
    }
    // switchId is '*' because a staged operation spans switches; watchers filter by kind or tenant.
    // Its changes and results are counted, not carried (operation-event.ts): GET /v1/operations/{id} has them.
    this.bus.publish({ kind: 'operation', type: op.status, switchId: '*', tenant: op.tenant, at: Date.now(), data: operationEventData(op) });
  }
}

type Retrying = <T>(what: string, step: (attempt: number) => Promise<T>) => Promise<T>;

/** A step's commands could not be handed to Kafka (bounded by COMMAND_SEND_TIMEOUT_MS per attempt). */
class CommandsNotSentError extends TransientInfraError {}

/** The queue was reset because this replica lost leadership: its loops stop, the next leader resumes. */
class NotLeadingError extends Error {
  override readonly name = 'NotLeadingError';
  constructor() {
    super('this orchestrator lost leadership: the next leader resumes the operation');
  }
}

