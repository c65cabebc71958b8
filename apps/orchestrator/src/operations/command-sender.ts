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
    const command: ApplyCommand = {
      type: 'apply',
      commandId: op.commandId,
      switchId: op.switchId,
      epoch: op.epoch,
      generation: op.generation,
      issuedAt: Date.now(),
      deadline: op.deadline,
      connect: op.kind === 'connect' ? op.pairs : [],
      disconnect: op.kind === 'disconnect' ? op.pairs : [],
    };
    await this.producer.send({ topic: this.topics.commands(op.switchId), key: op.switchId, value: command, correlationId: op.id });
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
