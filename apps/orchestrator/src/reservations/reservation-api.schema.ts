/**
 * Request schemas of /v1/reservations: the same zod schemas validate the requests and generate the
 * OpenAPI document, and each message names its field.
 */
import { MAX_RESERVATION_PRIORITY } from '@lightpath/state';
import { z } from 'zod';
import { LimitQuerySchema } from '../http/request-params';

/** "AxBxC" in chips, e.g. "4x4x8": what a job launcher's config usually says. */
const ShapeSchema = z
  .string()
  .regex(/^[1-9]\d{0,3}x[1-9]\d{0,3}x[1-9]\d{0,3}$/, 'a slice shape "AxBxC" in chips, e.g. "4x4x8" (each a multiple of the cube edge)')
  .transform((s) => s.split('x').map(Number) as [number, number, number]);

/** Links between endpoint pairs (a's north ports to b's south ports), added on free ports only. */
const EndpointsSchema = z.strictObject({
  links: z
    .array(z.strictObject({ a: z.string().min(1).max(128), b: z.string().min(1).max(128), links: z.number().int().min(1).max(4096) }))
    .min(1)
    .max(256),
});

export const CreateReservationSchema = z
  .strictObject({
  /** The launcher's job name, for people reading the list; not unique. */
  job: z.string().min(1).max(128),
  /** Defaults to the caller's tenant; only operators and admins may name another one. */
  tenant: z.string().min(1).max(64).optional(),
  /** Either a torus slice of whole cubes ... */
  slice: z.strictObject({ shape: ShapeSchema, twisted: z.boolean().optional() }).optional(),
  /** ... or a set of endpoints with the links wanted between them. */
  endpoints: EndpointsSchema.optional(),
  /** 0 (lowest) to 100; a higher one may preempt a lower preemptible reservation. */
  priority: z.number().int().min(0).max(MAX_RESERVATION_PRIORITY).default(0),
  /** The lease: renew before it lapses (POST /v1/reservations/{id}/renew) or the circuits are torn down. */
  leaseSeconds: z.number().int().min(1).max(86_400),
  /** When nothing fits: answer 409 at once ('fail', default) or wait in the queue ('queue'). */
  onConflict: z.enum(['fail', 'queue']).default('fail'),
  /** May a higher-priority reservation tear this one down? Default false. */
  preemptible: z.boolean().default(false),
  })
  .refine((r) => (r.slice === undefined) !== (r.endpoints === undefined), {
    path: ['slice'],
    message: 'name exactly one of slice (a torus shape) or endpoints (links between endpoint pairs)',
  });
export type CreateReservation = z.infer<typeof CreateReservationSchema>;

export const RenewReservationSchema = z.strictObject({
  /** New lease from now; default the reservation's own leaseSeconds. */
  leaseSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type RenewReservation = z.infer<typeof RenewReservationSchema>;

export const ReservationIdSchema = z.string().regex(/^rsv-[0-9a-f-]{36}$/, 'a reservation id "rsv-<uuid>" as POST /v1/reservations returned it');

/** Printable, no spaces: it becomes part of a Redis key. UUIDs fit. */
export const IdempotencyKeySchema = z
  .string({ error: 'the Idempotency-Key header is required: send a unique key per reservation (a UUID) and the same key when retrying' })
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'Idempotency-Key: 1 to 128 characters of letters, digits, ".", "_", ":" and "-"');

export const ListReservationsSchema = z.strictObject({
  limit: LimitQuerySchema,
  status: z.enum(['queued', 'placing', 'active', 'releasing', 'released', 'expired', 'preempted', 'failed']).optional(),
});
export type ListReservations = z.infer<typeof ListReservationsSchema>;

export const RESERVATION_REQUEST_EXAMPLES = {
  slice: {
    summary: 'A job launcher reserves a 4x4x8 twisted slice for 10 minutes, fails fast when the pod is full',
    value: { job: 'llm-pretrain-7', slice: { shape: '4x4x8', twisted: true }, priority: 10, leaseSeconds: 600, onConflict: 'fail' },
  },
  queued: {
    summary: 'A batch job waits in the queue for one cube and may be preempted by more urgent work',
    value: { job: 'nightly-eval', slice: { shape: '4x4x4' }, priority: 1, leaseSeconds: 3600, onConflict: 'queue', preemptible: true },
  },
  endpoints: {
    summary: 'A job launcher reserves 2 links from aggregation block 3 to block 7 and 1 back, on free ports only',
    value: {
      job: 'allreduce-ring-12',
      endpoints: { links: [{ a: 'block-3', b: 'block-7', links: 2 }, { a: 'block-7', b: 'block-3', links: 1 }] },
      leaseSeconds: 600,
    },
  },
  urgent: {
    summary: 'An urgent job with a high priority: may preempt lower preemptible reservations',
    value: { job: 'hotfix-finetune', slice: { shape: '4x4x4' }, priority: 90, leaseSeconds: 900, onConflict: 'fail' },
  },
};
