import { z } from 'zod';
import { CrossConnectPairSchema, EpochMillisSchema, SwitchIdSchema } from './primitives.schema';

/**
 * Orchestrator -> agent. Every command carries a command id (applied at most once) and the
 * orchestrator's leadership epoch (fencing, invariant I5).
 */
const CommandBase = z.object({
  commandId: z.string().min(1).max(128),
  switchId: SwitchIdSchema,
  epoch: z.number().int().nonnegative(),
  issuedAt: EpochMillisSchema,
  /**
   * After this instant the orchestrator has given up on the command (the operation failed with a
   * timeout and its desired state was rolled back), so an agent that sees it late must not apply it.
   */
  deadline: EpochMillisSchema,
});

/** Most pairs one apply command carries, over all its parts (group commit's size cap can only be lower). */
export const MAX_PAIRS_PER_COMMAND = 4096;

/**
 * One operation's share of an apply command. `step` names the operation's step the part belongs to
 * ("s<stage>" or "s<stage>r" for its rollback, then the term and attempt): the ack repeats it, and
 * the orchestrator's correlation in Redis accepts a part's result only for the step it awaits.
 * A part past its own deadline is refused on its own (its operation has given up); the others apply.
 */
export const CommandPartSchema = z.object({
  operationId: z.string().min(1).max(64),
  step: z.string().min(1).max(64),
  deadline: EpochMillisSchema,
  disconnect: z.array(CrossConnectPairSchema).max(MAX_PAIRS_PER_COMMAND),
  connect: z.array(CrossConnectPairSchema).max(MAX_PAIRS_PER_COMMAND),
});

/**
 * Parts of concurrent operations bound for one switch travel in one command (group commit): the
 * agent applies every part's disconnects as one mirror batch, then every part's connects as
 * another, so a batch may free a port and reuse it (a port move), and reports results per part.
 */
export const ApplyCommandSchema = CommandBase.extend({
  type: z.literal('apply'),
  parts: z
    .array(CommandPartSchema)
    .min(1)
    .max(1024)
    .refine((parts) => parts.reduce((n, p) => n + p.connect.length + p.disconnect.length, 0) <= MAX_PAIRS_PER_COMMAND, {
      message: `at most ${MAX_PAIRS_PER_COMMAND} pairs in one command, over all its parts`,
    }),
});

export const SnapshotRequestSchema = CommandBase.extend({ type: z.literal('snapshot-request') });

export const SwitchCommandSchema = z.discriminatedUnion('type', [ApplyCommandSchema, SnapshotRequestSchema]);

export type ApplyCommand = z.infer<typeof ApplyCommandSchema>;
export type CommandPart = z.infer<typeof CommandPartSchema>;
export type SnapshotRequest = z.infer<typeof SnapshotRequestSchema>;
export type SwitchCommand = z.infer<typeof SwitchCommandSchema>;
