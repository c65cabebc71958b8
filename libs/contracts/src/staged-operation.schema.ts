import { z } from 'zod';
import { CircuitOwnershipSchema } from './circuit-owner.schema';
import { CrossConnectPairSchema } from './primitives.schema';

/**
 * A staged, multi-switch operation: a plan's stages applied one after another, each stage a
 * transaction over every switch it touches (all acks or the stage is put back).
 */
export const StagedOperationStatusSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'rolled-back', 'cancelled']);
export type StagedOperationStatus = z.infer<typeof StagedOperationStatusSchema>;

export const StagedChangeSchema = z.object({
  switchId: z.string(),
  remove: z.array(CrossConnectPairSchema),
  add: z.array(CrossConnectPairSchema),
});

export const PairOutcomeSchema = CrossConnectPairSchema.extend({
  ok: z.boolean(),
  reason: z.string().optional(),
  lossDb: z.number().optional(),
});

export const SwitchResultSchema = z.object({
  switchId: z.string(),
  ok: z.boolean(),
  reason: z.string().optional(),
  switchingMs: z.number().optional(),
  /** Pairs the switch did change (removed or added), so a rollback undoes exactly those. */
  removed: z.array(CrossConnectPairSchema),
  added: z.array(CrossConnectPairSchema),
  /** The command that carried this switch's part (shared with other operations' parts under group commit). */
  commandId: z.string().optional(),
  /** Per pair: what the switch said of each pair of the change (its measured loss when made). */
  pairs: z.array(PairOutcomeSchema).optional(),
});

export const StageStateSchema = z.object({
  index: z.number().int(),
  status: z.enum(['pending', 'running', 'succeeded', 'rolled-back', 'failed']),
  changes: z.array(StagedChangeSchema),
  results: z.array(SwitchResultSchema).optional(),
  startedAt: z.number().optional(),
  /** When the stage's current step gives up on switches that have not answered (epoch ms). */
  deadline: z.number().optional(),
  finishedAt: z.number().optional(),
});

export const StagedOperationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string(),
  status: StagedOperationStatusSchema,
  reason: z.string().optional(),
  who: z.string(),
  tenant: z.string().optional(),
  epoch: z.number().int(),
  currentStage: z.number().int(),
  stages: z.array(StageStateSchema),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  finishedAt: z.number().int().optional(),
  /**
   * Until when (epoch ms) the engine retries transient infrastructure failures (Redis unavailable, a
   * command not sent) before giving up; a reservation's setup sets its own deadline.
   */
  retryUntil: z.number().int().optional(),
  /** Anything the submitter wants to read back (plan metrics, reservation id, ...). */
  meta: z.record(z.string(), z.unknown()).optional(),
  /**
   * Whose circuits it adds and whose it may remove. Absent on operations stored before owners
   * existed: they add `manual` circuits and may remove any (what they did then).
   */
  ownership: CircuitOwnershipSchema.optional(),
  /**
   * stage (default): a stage that fails on any switch is put back on every switch it
   * touched. pair: what took effect stands and only what failed is left undone (single-switch
   * cross-connect operations and the reconciler's repairs: each pair is independent of the others).
   */
  atomicity: z.enum(['stage', 'pair']).optional(),
  /** converge: the operation makes switches match the desired state and leaves the desired state as it is (the reconciler's repairs). */
  mode: z.enum(['change', 'converge']).optional(),
});

export type StagedChange = z.infer<typeof StagedChangeSchema>;
export type SwitchResult = z.infer<typeof SwitchResultSchema>;
export type PairOutcome = z.infer<typeof PairOutcomeSchema>;
export type StageState = z.infer<typeof StageStateSchema>;
export type StagedOperation = z.infer<typeof StagedOperationSchema>;
