import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AckEvent, Operation } from '@lightpath/contracts';
import { describeKafkaError } from '@lightpath/messaging';
import { isStateUnavailable, type FabricState } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { checkConnectPairs, checkNorthPorts, checkSwitchUsable, type Pair } from '../fabric/request-checks';
import { unavailable } from '../http/api-errors';
import { LeadershipService, type LeadershipListener } from '../leader/leadership.service';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { ackOutcome } from './ack-outcome';
import { adoptOpenOperations, operationIdOf } from './adopt-operations';
import { CommandSender } from './command-sender';
import { operationNotFound } from './operation-errors';
import { OrchestratorMetrics } from './orchestrator-metrics';
import { EventBus } from '../watch/event-bus.service';
import { operationEvent } from '../watch/watch-event';

/**
 * Cross-connect operations, from request to ack. Ports are claimed in Redis before the command is
 * sent (nothing moves for a request that fails a check); the operation closes exactly once, on its
 * ack or on its deadline, whichever comes first, and what did not take effect is rolled back.
 * Only the leader opens operations and sweeps deadlines; any replica may close one from its ack.
 */
@Injectable()
export class OperationsService implements OnModuleInit, OnModuleDestroy, LeadershipListener {
  private sweeper?: NodeJS.Timeout;
  private readonly sentAt = new Map<string, number>();

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STATE) private readonly state: FabricState,
    private readonly leadership: LeadershipService,
    private readonly graph: FabricGraph,
    private readonly commands: CommandSender,
    private readonly metrics: OrchestratorMetrics,
    private readonly watch: EventBus,
  ) {}

  onModuleInit(): void {
    this.leadership.listen(this);
  }

  /** A new term: sweep deadlines from now on, and finish what a dead predecessor left open. */
  async onElected(epoch: number): Promise<void> {
    this.startSweeper();
    const adopted = await adoptOpenOperations(this.state, this.commands, epoch, this.config.COMMAND_TIMEOUT_MS, this.logger);
    for (const op of adopted) this.sentAt.set(op.id, performance.now());
    await this.commands.requestSnapshots(this.graph.switchIds(), epoch, this.config.COMMAND_TIMEOUT_MS);
  }

  onDeposed(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  async connect(switchId: string, pairs: Pair[], who: string): Promise<Operation> {
    const epoch = this.leadership.requireLeader();
    const sw = checkSwitchUsable(this.graph, switchId, Date.now(), this.config.SWITCH_STALE_MS);
    checkConnectPairs(this.graph, sw, pairs);
    const op = this.newOperation('connect', switchId, pairs, epoch, await this.state.switches.nextGeneration(switchId));
    await this.state.operations.openConnect(op, who);
    return this.dispatch(op);
  }

  async disconnect(switchId: string, norths: number[], who: string): Promise<Operation> {
    const epoch = this.leadership.requireLeader();
    const sw = checkSwitchUsable(this.graph, switchId, Date.now(), this.config.SWITCH_STALE_MS, 'remove');
    checkNorthPorts(sw, norths);
    const pairs = await this.state.operations.desiredPairs(switchId, norths);
    const op = this.newOperation('disconnect', switchId, pairs, epoch, await this.state.switches.nextGeneration(switchId));
    await this.state.operations.openDisconnect(op, who);
    return this.dispatch(op);
  }

  async get(id: string): Promise<Operation> {
    const op = await this.state.operations.get(id);
    if (!op) throw operationNotFound(id);
    return op;
  }

  list(limit: number): Promise<Operation[]> {
    return this.state.operations.list(limit);
  }

  /** Closes the operation an ack answers. Acks for closed or unknown operations change no operation. */
  async onAck(ack: AckEvent): Promise<void> {
    const op = await this.state.operations.get(operationIdOf(ack.commandId));
    if (!op || (op.status !== 'pending' && op.status !== 'running')) {
      this.logger.info({ commandId: ack.commandId, status: ack.status }, 'ack for an operation already closed');
      return;
    }
    if (op.commandId !== ack.commandId) {
      // The ack of a command a dead leader sent before this term adopted the operation: the
      // switch's state is recorded (by the caller), but only the adopted command's ack closes it.
      this.logger.info({ commandId: ack.commandId, adoptedAs: op.commandId, status: ack.status }, 'ack of a superseded command');
      return;
    }
    const { rollback, ...outcome } = ackOutcome(op, ack);
    const sent = this.sentAt.get(op.id);
    const roundTripMs = sent === undefined ? Date.now() - op.createdAt : performance.now() - sent;
    await this.close({ ...op, ...outcome, switchingMs: ack.switchingMs, roundTripMs }, rollback);
    if (sent !== undefined) this.metrics.roundTrip.observe({ kind: op.kind }, roundTripMs / 1000);
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      // Redis away: main logs the outage once; the next sweep catches up.
      this.sweep().catch((err) => isStateUnavailable(err) || this.logger.error({ err }, 'operation sweep failed; retrying'));
    }, this.config.SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Fails every open operation past its deadline: an agent that does not answer is a failure, not a hang. */
  async sweep(now = Date.now()): Promise<number> {
    const ids = await this.state.operations.expired(now);
    for (const id of ids) {
      const op = await this.state.operations.get(id);
      if (!op) continue;
      const sw = this.graph.getSwitch(op.switchId);
      const reason =
        `TIMEOUT: switch ${op.switchId} (agent ${sw?.agentId ?? 'unknown'}) did not acknowledge command ${op.commandId} ` +
        `within ${this.config.COMMAND_TIMEOUT_MS} ms; the change was rolled back. Check the agent, then retry.`;
      await this.close({ ...op, status: 'failed', reason }, op.pairs);
    }
    return ids.length;
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  private newOperation(kind: Operation['kind'], switchId: string, pairs: Pair[], epoch: number, generation: number): Operation {
    const now = Date.now();
    const id = `op-${randomUUID()}`;
    return {
      id,
      kind,
      switchId,
      // Running from the start: the command is sent right after the claim. 'pending' is for
      // operations that wait for an earlier stage (staged operations).
      status: 'running',
      commandId: id,
      epoch,
      generation,
      pairs,
      createdAt: now,
      updatedAt: now,
      deadline: now + this.config.COMMAND_TIMEOUT_MS,
    };
  }

  /** Sends the command of an operation opened as running (its claim already wrote the audit entry). */
  private async dispatch(op: Operation): Promise<Operation> {
    this.watch.publish(operationEvent(op));
    try {
      this.sentAt.set(op.id, performance.now());
      await this.commands.sendApply(op);
    } catch (err) {
      // Bounded by COMMAND_SEND_TIMEOUT_MS (JsonProducer): the caller hears of it in about that long.
      const reason = `could not send the command to switch ${op.switchId}: ${describeKafkaError(err)}`;
      await this.close({ ...op, status: 'failed', reason }, op.pairs);
      throw unavailable('COMMAND_NOT_SENT', `${reason}; nothing was changed on the switch, retry later`);
    }
    return op;
  }

  private async close(op: Operation, rollback: Pair[]): Promise<void> {
    const final: Operation = { ...op, updatedAt: Date.now() };
    const closed = await this.state.operations.finish(final, rollback);
    this.sentAt.delete(op.id);
    if (!closed) return;
    this.watch.publish(operationEvent(final));
    this.metrics.operations.inc({ kind: op.kind, outcome: final.status });
    this.logger.info(
      { operationId: op.id, switchId: op.switchId, status: final.status, reason: final.reason, roundTripMs: final.roundTripMs },
      'operation finished',
    );
  }
}
