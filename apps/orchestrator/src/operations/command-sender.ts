import { Inject, Injectable } from '@nestjs/common';
import type { ApplyCommand, Operation, SnapshotRequest, TopicNames } from '@lightpath/contracts';
import type { JsonProducer } from '@lightpath/messaging';
import { PRODUCER, TOPICS } from '../orchestrator.tokens';

/** Sends commands to a switch's own command topic; the command id is the operation id. */
@Injectable()
export class CommandSender {
  constructor(
    @Inject(PRODUCER) private readonly producer: JsonProducer,
    @Inject(TOPICS) private readonly topics: TopicNames,
  ) {}

  async sendApply(op: Operation): Promise<void> {
    await this.sendCommand({
      commandId: op.commandId,
      switchId: op.switchId,
      epoch: op.epoch,
      generation: op.generation,
      deadline: op.deadline,
      connect: op.kind === 'connect' ? op.pairs : [],
      disconnect: op.kind === 'disconnect' ? op.pairs : [],
    });
  }

  /** Any apply command: an operation's, or a reconciler's repair (which belongs to no operation). */
  async sendCommand(command: Omit<ApplyCommand, 'type' | 'issuedAt'>): Promise<void> {
    await this.sendCommands([command]);
  }

  /** Several switches' commands in one produce request: a stage over 48 switches goes out at once. */
  async sendCommands(commands: Omit<ApplyCommand, 'type' | 'issuedAt'>[]): Promise<void> {
    const issuedAt = Date.now();
    await this.producer.sendMany(
      commands.map((command) => ({
        topic: this.topics.commands(command.switchId),
        key: command.switchId,
        value: { type: 'apply', issuedAt, ...command } satisfies ApplyCommand,
        correlationId: command.commandId,
      })),
    );
  }

  async requestSnapshots(switchIds: string[], epoch: number, timeoutMs: number): Promise<void> {
    if (switchIds.length === 0) return;
    const now = Date.now();
    await this.producer.sendMany(
      switchIds.map((switchId) => {
        const command: SnapshotRequest = {
          type: 'snapshot-request',
          commandId: `snap-${switchId}-${now}`,
          switchId,
          epoch,
          issuedAt: now,
          deadline: now + timeoutMs,
        };
        return { topic: this.topics.commands(switchId), key: switchId, value: command };
      }),
    );
  }
}
