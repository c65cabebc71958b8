/**
 * The fabric spec's structural schema (zod), version 1. Cross-field rules that a schema cannot say
 * (references, port ranges per switch, one fibre per port) live in fabric-spec.checks.ts.
 *
 * The published JSON Schema (docs/fabric-spec.schema.json) is generated from this file by
 * fabricSpecJsonSchema(); a unit spec fails when the checked-in copy drifts.
 *
 * Strict objects: an unknown field is an error, because a typo such as `nothPorts` would otherwise
 * be silently ignored and the switch would have no north ports.
 */
import { z } from 'zod';
import type { FabricSpec } from '../types';

/** Largest port count accepted per side: beyond any shipping OCS (Polatis 384) with room to grow. */
export const MAX_PORTS_PER_SIDE = 4096;

const id = z.string().min(1).max(200).describe('Unique id (switches and endpoints share one namespace)');
const portSide = z.enum(['north', 'south']);
const port = z.number().int().min(1).max(MAX_PORTS_PER_SIDE).describe('1-based port number on that side');

export const switchSpecSchema = z
  .object({
    id,
    northPorts: z.number().int().min(1).max(MAX_PORTS_PER_SIDE),
    southPorts: z.number().int().min(1).max(MAX_PORTS_PER_SIDE),
    health: z.enum(['ok', 'failed', 'drained']).optional(),
    failedPorts: z.array(z.object({ side: portSide, port }).strict()).optional(),
  })
  .strict();

export const endpointSpecSchema = z
  .object({
    id,
    kind: z.enum(['block', 'cube', 'host']),
    health: z.enum(['ok', 'failed']).optional(),
    spare: z.boolean().optional(),
  })
  .strict();

export const fibreSchema = z
  .object({
    endpoint: z.string().min(1),
    endpointPort: z.string().min(1).describe('Endpoint port label, e.g. "x+:3" (cube face link) or "u17" (block uplink)'),
    switchId: z.string().min(1),
    side: portSide,
    port,
  })
  .strict();

export const fabricSpecSchema = z
  .object({
    version: z.literal(1, { error: 'unsupported spec version; this build reads version 1' }).describe('Spec format version; bump on incompatible changes'),
    name: z.string().min(1),
    switches: z.array(switchSpecSchema),
    endpoints: z.array(endpointSpecSchema),
    fibres: z.array(fibreSchema),
    allowLoopbacks: z
      .boolean()
      .optional()
      .describe('Allow circuits from an endpoint to itself (link demands with a = b); default false, such demands are refused with rule no-loopback'),
  })
  .strict()
  .describe('lightpath fabric spec: switches, endpoints and the fibres between them');

// Compile-time guard: the schema's output must stay assignable to the shared FabricSpec type.
type SchemaOutput = z.infer<typeof fabricSpecSchema>;
const _sameShape: (s: SchemaOutput) => FabricSpec = (s) => s;
void _sameShape;

/** The JSON Schema (draft 2020-12) of the fabric spec, as published in docs/fabric-spec.schema.json. */
export function fabricSpecJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://lightpath.dev/schemas/fabric-spec.v1.json',
    title: 'lightpath fabric spec v1',
    ...z.toJSONSchema(fabricSpecSchema),
  };
}
