import { Inject, Injectable } from '@nestjs/common';
import type { ApplyCommand, SnapshotRequest, TopicNames } from '@lightpath/contracts';
import type { JsonProducer } from '@lightpath/messaging';
import { PRODUCER, TOPICS } from '../orchestrator.tokens';
import type { ApplyDraft } from './switch-command-queue';

/** Sends commands to each switch's own command topic (one ordered partition per switch). */
@Injectable()
export class CommandSender {
  constructor(
    @Inject(PRODUCER) private readonly producer: JsonProducer,
    @Inject(TOPICS) private readonly topics: TopicNames,
  ) {}

  /** Several switches' commands in one produce request: a stage over 48 switches goes out at once. */
  async sendApplies(commands: ApplyDraft[]): Promise<void> {
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
