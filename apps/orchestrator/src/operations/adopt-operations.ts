import type { Operation } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import type { Logger } from 'pino';
import type { CommandSender } from './command-sender';

/** Command id of an operation's command in a given term: the first term uses the operation id itself. */
export function commandIdFor(operationId: string, epoch: number): string {
  return `${operationId}.e${epoch}`;
}

/** The operation a command id belongs to (operation ids never contain a dot). */
export function operationIdOf(commandId: string): string {
  const dot = commandId.indexOf('.');
  return dot === -1 ? commandId : commandId.slice(0, dot);
}

/**
 * Take-over of a new leadership term: every operation still open was left by a dead or deposed
 * leader. Each is re-stamped with this term's epoch, a fresh command id and deadline (atomically,
 * and only while still open), then its command is sent again. Re-sending is safe: connecting an
 * existing pair or removing an absent one leaves the switch as desired, and the agent has by then
 * seen this term's epoch on the same ordered topic, so whatever the old leader sends later is refused.
 */
export async function adoptOpenOperations(
  state: FabricState,
  commands: CommandSender,
  epoch: number,
  timeoutMs: number,
  logger: Logger,
): Promise<Operation[]> {
  const adopted: Operation[] = [];
  for (const id of await state.operations.openIds()) {
    const op = await state.operations.get(id);
    if (!op || op.epoch === epoch) continue;
    const now = Date.now();
    const next: Operation = { ...op, epoch, commandId: commandIdFor(op.id, epoch), deadline: now + timeoutMs, updatedAt: now };
    const outcome = await state.operations.adopt(next);
    if (outcome !== 'adopted') continue;
    await commands.sendApply(next);
    adopted.push(next);
    logger.warn({ operationId: op.id, fromEpoch: op.epoch, epoch, commandId: next.commandId }, 'operation adopted from the previous leader');
  }
  return adopted;
}
