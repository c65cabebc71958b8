import { z } from 'zod';
import { CrossConnectPairSchema, PortNumberSchema } from './primitives.schema';
import { PairOutcomeSchema } from './staged-operation.schema';

/**
 * REST bodies and resources shared by the orchestrator and its clients (the CLI, tests). The
 * OpenAPI document is generated from these schemas, so the validation and the docs cannot drift.
 */

export const CrossConnectBatchSchema = z.strictObject({
  crossConnects: z.array(CrossConnectPairSchema).min(1).max(1024),
});

/** One cross-connect, or a batch on one switch: all pairs are checked before anything changes. */
export const CreateCrossConnectsBodySchema = z.union([CrossConnectPairSchema, CrossConnectBatchSchema]);

/**
 * Picks the branch of CreateCrossConnectsBodySchema the body means, so validation errors name the
 * fields of that branch ("south: required") instead of a union's bare "invalid input".
 */
export function createCrossConnectsSchemaFor(body: unknown): typeof CrossConnectPairSchema | typeof CrossConnectBatchSchema {
  return typeof body === 'object' && body !== null && 'crossConnects' in body ? CrossConnectBatchSchema : CrossConnectPairSchema;
}

export const DeleteCrossConnectsBodySchema = z.strictObject({
  norths: z.array(PortNumberSchema).min(1).max(1024),
});

export const OperationStatusSchema = z.enum(['pending', 'running', 'succeeded', 'failed']);
export type OperationStatus = z.infer<typeof OperationStatusSchema>;

export const OperationKindSchema = z.enum(['connect', 'disconnect']);


/**
 * A single-switch cross-connect operation as the API shows it. Inside, it is a one-stage operation
 * of the one operations engine (engine/operation-engine.service.ts), shown in this older shape.
 * `commandId` is the command that carried its change (several operations' changes for one switch
 * may share a command).
 */
export const OperationSchema = z.object({
  id: z.string(),
  kind: OperationKindSchema,
  switchId: z.string(),
  status: OperationStatusSchema,
  reason: z.string().optional(),
  commandId: z.string(),
  epoch: z.number().int(),
  pairs: z.array(CrossConnectPairSchema),
  results: z.array(PairOutcomeSchema).optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  deadline: z.number().int(),
  /** Simulated mirror time reported by the switch, and the whole round trip seen by the orchestrator. */
  switchingMs: z.number().optional(),
  roundTripMs: z.number().optional(),
});

export type Operation = z.infer<typeof OperationSchema>;
export type CreateCrossConnectsBody = z.infer<typeof CreateCrossConnectsBodySchema>;
export type DeleteCrossConnectsBody = z.infer<typeof DeleteCrossConnectsBodySchema>;
