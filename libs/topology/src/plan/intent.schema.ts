/**
 * Topology intents (docs/topology-cli.md): what the caller wants, never how. The offline CLI reads
 * them from files and the orchestrator from `POST /v1/topologies/{name}/plan`; both validate here.
 *
 * One zod schema per kind, discriminated on `kind` (and on `failure.type` for repairs), strict so a
 * misspelt field is an error rather than a silently different plan. Link demands are directed:
 * `a` is the endpoint on the north side of the circuits, `b` the one on the south side, unless a
 * mesh or rewire target says `directed: false` (per entry, or for the whole intent).
 */
import { z } from 'zod';
import { PLACEMENT_POLICIES, type PlacementPolicy } from '../slices/placement-score';

/**
 * Largest count one demand entry may name: far above any endpoint's ports (a Jupiter block has 512
 * uplinks) and far below 2^31, so no count wraps in the planners' 32-bit matrices. At planning the
 * count is checked against the ports the fabric gives the pair (plan/link-demands.check.ts).
 */
export const MAX_LINKS_PER_DEMAND = 1_048_576;

const linkCount = z.number().int().min(0).max(MAX_LINKS_PER_DEMAND);
const linkDemand = z.object({ a: z.string().min(1), b: z.string().min(1), links: linkCount }).strict();
/**
 * A mesh or rewire target entry: directed by default (a north, b south); `directed: false` asks for
 * `links` between a and b in either direction, the split chosen by the planner.
 */
const targetDemand = linkDemand.extend({ directed: z.boolean().optional() }).strict();
const dim = z.number().int().min(1);

const layout = z
  .object({
    shape: z.tuple([dim, dim, dim]),
    twisted: z.boolean(),
    cubeEdge: z.number().int().min(1).optional(),
    cubes: z.array(z.string().min(1)),
  })
  .strict();

const staging = {
  /** Largest share of any pair's links that may be down at once (I7); default 0.25. */
  maxLossShare: z.number().gt(0).max(1).optional(),
};

export const sliceIntentSchema = z
  .object({
    kind: z.literal('slice'),
    shape: z.tuple([dim, dim, dim]),
    twisted: z.boolean().optional(),
    cubes: z.array(z.string().min(1)).optional(),
    excludeCubes: z.array(z.string().min(1)).optional(),
    /** Which pod takes the slice on a fabric of several (slices/placement-score.ts); default lease-aware. */
    placement: z.enum(PLACEMENT_POLICIES as [PlacementPolicy, ...PlacementPolicy[]]).optional(),
    /** When the slice's lease ends (ms since the epoch), for lease-aware placement; without it, first-fit. */
    leaseEndsAt: z.number().int().min(0).optional(),
    /** When cubes others hold come free (cube id -> ms since the epoch); held cubes not listed count as never. */
    cubeLeases: z.record(z.string().min(1), z.number().int().min(0)).optional(),
  })
  .strict();

/**
 * Largest demand or link capacity a traffic intent takes (any unit). Far above real traffic (1e15
 * Gb/s), and small enough that sums of demands stay finite and exact to 1e-6 relative in doubles:
 * 1e308 once overflowed the total to Infinity and gave objective 0 and bound 0 with exit 0.
 */
export const MAX_TRAFFIC_VALUE = 1e15;
const TRAFFIC_VALUE_RULE = `at most ${MAX_TRAFFIC_VALUE} (any unit, the same for demands and linkCapacity): rescale, e.g. Gb/s rather than b/s`;

const search = {
  /**
   * Wall time the rewiring may spend improving on its fast construction (ms, default 200: fits an
   * API call). Offline and dry runs may give seconds: more budget, fewer changes, never more.
   */
  budgetMs: z.number().int().min(0).max(60_000).optional(),
};

const direction = {
  /**
   * Default direction of the target's entries (an entry's own `directed` wins): false makes the
   * whole fabric's target undirected, so the planner may also change the split while it searches.
   */
  directed: z.boolean().optional(),
};

export const meshIntentSchema = z.object({ kind: z.literal('mesh'), links: z.array(targetDemand), ...direction, ...staging, ...search }).strict();

export const rewireIntentSchema = z.object({ kind: z.literal('rewire'), target: z.array(targetDemand), ...direction, ...staging, ...search }).strict();

export const trafficIntentSchema = z
  .object({
    kind: z.literal('traffic'),
    /** Demand between endpoints (any unit, e.g. Gb/s), directed a -> b; at most MAX_TRAFFIC_VALUE. */
    demands: z.array(z.object({ a: z.string().min(1), b: z.string().min(1), demand: z.number().min(0).max(MAX_TRAFFIC_VALUE, TRAFFIC_VALUE_RULE) }).strict()),
    /** Solver time limit in ms (default 1500). */
    timeLimitMs: z.number().int().min(1).optional(),
    /** Traffic one circuit carries per direction, in the demands' unit (default 1). */
    linkCapacity: z.number().gt(0).max(MAX_TRAFFIC_VALUE, TRAFFIC_VALUE_RULE).optional(),
    ...staging,
  })
  .strict();

export const repairIntentSchema = z
  .object({
    kind: z.literal('repair'),
    failure: z.discriminatedUnion('type', [
      z.object({ type: z.literal('cube'), cube: z.string().min(1), spare: z.string().min(1).optional(), layout: layout.optional() }).strict(),
      z
        .object({
          type: z.literal('port'),
          switchId: z.string().min(1),
          side: z.enum(['north', 'south']),
          port: z.number().int().min(1),
          /** For a port on a cube face, which is repaired by moving the cube: as for a cube failure. */
          spare: z.string().min(1).optional(),
          layout: layout.optional(),
        })
        .strict(),
      z.object({ type: z.literal('ocs'), switchId: z.string().min(1) }).strict(),
    ]),
    ...staging,
  })
  .strict();

/**
 * Links added on free ports only, between endpoint pairs (a north, b south), never moving another
 * circuit: what a job reserving "these endpoints, this many links" needs. `excludePorts` are ports
 * others hold that the switches may not show as used yet.
 */
export const linksIntentSchema = z
  .object({
    kind: z.literal('links'),
    links: z.array(z.object({ a: z.string().min(1), b: z.string().min(1), links: z.number().int().min(1).max(4096) }).strict()).min(1).max(1024),
    excludePorts: z.array(z.object({ switchId: z.string().min(1), side: z.enum(['north', 'south']), port: z.number().int().min(1) }).strict()).optional(),
  })
  .strict();

/** Explicit circuits, added as listed on free fibred ports (a scheduler that computed its own wiring). */
export const circuitsIntentSchema = z
  .object({
    kind: z.literal('circuits'),
    circuits: z.array(z.object({ switchId: z.string().min(1), north: z.number().int().min(1), south: z.number().int().min(1) }).strict()).min(1).max(100_000),
  })
  .strict();

export const intentSchema = z.discriminatedUnion('kind', [
  sliceIntentSchema,
  meshIntentSchema,
  rewireIntentSchema,
  trafficIntentSchema,
  repairIntentSchema,
  linksIntentSchema,
  circuitsIntentSchema,
]);

export type Intent = z.infer<typeof intentSchema>;
export type SliceIntent = z.infer<typeof sliceIntentSchema>;
export type LinksIntent = z.infer<typeof linksIntentSchema>;
export type CircuitsIntent = z.infer<typeof circuitsIntentSchema>;
export type MeshIntent = z.infer<typeof meshIntentSchema>;
export type RewireIntent = z.infer<typeof rewireIntentSchema>;
export type TrafficIntent = z.infer<typeof trafficIntentSchema>;
export type RepairIntent = z.infer<typeof repairIntentSchema>;

/** JSON Schema of the intents, as published in docs/topology-intent.schema.json. */
export function intentJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://lightpath.dev/schemas/topology-intent.v1.json',
    title: 'lightpath topology intent v1',
    ...z.toJSONSchema(intentSchema),
  };
}
