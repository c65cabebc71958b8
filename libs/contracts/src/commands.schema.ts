import { z } from 'zod';
import { CrossConnectPairSchema, EpochMillisSchema, SwitchIdSchema } from './primitives.schema';

/**
 * Orchestrator -> agent. Every command carries a command id (applied at most once), the switch's
 * desired-state generation and the orchestrator's leadership epoch (fencing, invariant I5).
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

/** Disconnects run before connects, so a batch may free a port and reuse it (a port move). */
export const ApplyCommandSchema = CommandBase.extend({
  type: z.literal('apply'),
  generation: z.number().int().nonnegative(),
  disconnect: z.array(CrossConnectPairSchema).max(1024),
  connect: z.array(CrossConnectPairSchema).max(1024),
});

export const SnapshotRequestSchema = CommandBase.extend({ type: z.literal('snapshot-request') });

export const SwitchCommandSchema = z.discriminatedUnion('type', [ApplyCommandSchema, SnapshotRequestSchema]);

export type ApplyCommand = z.infer<typeof ApplyCommandSchema>;
export type SnapshotRequest = z.infer<typeof SnapshotRequestSchema>;
export type SwitchCommand = z.infer<typeof SwitchCommandSchema>;
