/**
 * Request and response schemas of /v1/fabric and /v1/topologies: the same zod schemas validate the
 * requests and generate the OpenAPI document. The intent itself is the topology library's schema,
 * so the API, the offline CLI and docs/topology-intent.schema.json cannot drift apart.
 */
import { intentSchema } from '@lightpath/topology';
import { z } from 'zod';
import { TOPOLOGY_NAME_PATTERN } from './topologies.constants';

export const TopologyNameSchema = z.string().regex(TOPOLOGY_NAME_PATTERN, 'letters, digits, ".", "_" and "-", 1 to 64 characters, starting with a letter or digit');

export const PlanRequestSchema = z
  .object({
    intent: intentSchema,
    /** Also return every cross-connect the fabric would have after the plan. */
    fullState: z.boolean().optional(),
  })
  .strict();
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

/** The plan format of docs/topology-cli.md ("The plan"), loosely: the library owns its shape. */
const PlanSchema = z
  .object({
    planVersion: z.number(),
    fabric: z.string(),
    intent: z.string(),
    changes: z.array(z.object({ switchId: z.string(), remove: z.array(z.object({ north: z.number(), south: z.number() })), add: z.array(z.object({ north: z.number(), south: z.number() })) })),
    stages: z.array(z.object({ index: z.number(), changes: z.array(z.unknown()) })),
    metrics: z.record(z.string(), z.unknown()),
    details: z.record(z.string(), z.unknown()),
    violations: z.array(z.unknown()),
  })
  .loose();

export const TopologyPlanResponseSchema = z.object({
  name: z.string(),
  dryRun: z.literal(true),
  /** Version of the stored fabric spec the plan was computed against. */
  specVersion: z.number(),
  /** Cross-connects read from the switches' actual state for this plan. */
  currentCrossConnects: z.number(),
  plannedAt: z.number(),
  plannedBy: z.string(),
  /** Whose work it is; absent for fabric work (drains, repairs, reroutes). */
  tenant: z.string().optional(),
  intent: z.unknown(),
  plan: PlanSchema,
  /** The owner of the plan's new circuits: `topology:<name>` (docs/api.md, "Circuit owners"). */
  owner: z.string().optional(),
  /** Other owners' circuits the plan removes, by owner; empty when it goes around them. */
  displaces: z.array(z.object({ owner: z.string(), circuits: z.array(z.object({ switchId: z.string(), north: z.number(), south: z.number() })) })),
});

export const FabricSpecResponseSchema = z.object({
  version: z.number(),
  storedAt: z.number(),
  storedBy: z.string(),
  summary: z.object({ name: z.string(), switches: z.number(), endpoints: z.record(z.string(), z.number()), fibres: z.number(), switchPorts: z.number() }),
  spec: z.unknown(),
});
