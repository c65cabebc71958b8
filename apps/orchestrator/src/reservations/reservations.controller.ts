import { Controller, Delete, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { invalidRequest } from '../http/api-errors';
import { openApiSchema } from '../http/openapi-schema';
import { OpensOperation } from '../http/openapi-errors';
import { JsonBody, PathParam, QueryParams } from '../http/request-params';
import {
  CreateReservationSchema,
  IdempotencyKeySchema,
  ListReservationsSchema,
  RenewReservationSchema,
  RESERVATION_REQUEST_EXAMPLES,
  ReservationIdSchema,
  type CreateReservation,
  type ListReservations,
  type RenewReservation,
} from './reservation-api.schema';
import type { Reservation } from './reservation.types';
import { RESERVATION_ERRORS } from './reservations.constants';
import { ReservationsService } from './reservations.service';

const RESERVATION_ID_EXAMPLE = 'rsv-0b7e9c1e-4a53-4d8e-9d6f-2f6f7d0c9a11';

@ApiTags('reservations')
@Controller('v1/reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @OpensOperation()
  @Roles('launcher')
  @ApiOperation({
    summary: 'Reserve optical circuits for a job: a torus slice of free healthy cubes, or links between endpoints, under a lease',
    description:
      'Role launcher (for its own tenant; operators may name another). A slice is placed through the slice planner, endpoints ' +
      '(links between endpoint pairs) on free ports only without moving anyone else\'s circuit (rule not-enough-free-ports when short); both against the fabric now, ' +
      'never on a cube or port another reservation holds (I4). 201: placed, status placing, then active when its setup ' +
      'operation succeeded (watch kind reservation on /v1/events, or GET). When nothing fits: 409 RESERVATION_NO_CAPACITY with the ' +
      "planner's rule (onConflict fail), or 202 status queued (onConflict queue, or when lower-priority preemptible reservations " +
      'are being torn down to make room). A retry with the same Idempotency-Key and body answers the same reservation.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'unique per reservation (a UUID); send the same one when retrying',
    schema: openApiSchema(IdempotencyKeySchema, 'launch-7f3c2a9e-1'),
  })
  @ApiResponse({ status: 201, description: 'placed: status placing (circuits being set up); header Idempotent-Replayed: true for a retry' })
  @ApiResponse({ status: 202, description: 'queued: waits for capacity (or for preempted reservations to be torn down)' })
  @ApiResponse({ status: 400, description: 'IDEMPOTENCY_KEY_REQUIRED: the Idempotency-Key header is missing or malformed' })
  @ApiResponse({ status: 403, description: 'TENANT_FORBIDDEN: a launcher named another tenant' })
  @ApiResponse({ status: 409, description: 'RESERVATION_NO_CAPACITY (with rule), FABRIC_SPEC_MISSING, FABRIC_FROZEN, PORT_BUSY' })
  @ApiResponse({ status: 422, description: 'IDEMPOTENCY_KEY_REUSED (same key, different body), INTENT_INFEASIBLE (shape does not fit the pod)' })
  async create(
    @JsonBody(CreateReservationSchema, 'reservation request', { examples: RESERVATION_REQUEST_EXAMPLES }) body: CreateReservation,
    @Headers('idempotency-key') key: string | undefined,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Reservation> {
    const parsed = IdempotencyKeySchema.safeParse(key);
    if (!parsed.success) throw invalidRequest(RESERVATION_ERRORS.idempotencyKeyMissing, `invalid header Idempotency-Key: ${parsed.error.issues[0].message}`);
    const out = await this.reservations.create(body, parsed.data, who);
    res.status(out.status);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return out.reservation;
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: "Reservations visible to the caller, newest first: its own tenant's (operators and admins: all)" })
  async list(@QueryParams(ListReservationsSchema, 'query', { limit: 100, status: 'active' }) q: ListReservations, @Principal() who: Principal): Promise<{ reservations: Reservation[] }> {
    return { reservations: await this.reservations.list(q, who) };
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: "One reservation; 404 for another tenant's, exactly as for a missing one" })
  get(@PathParam('id', ReservationIdSchema, RESERVATION_ID_EXAMPLE, 'reservation id') id: string, @Principal() who: Principal): Promise<Reservation> {
    return this.reservations.get(id, who);
  }

  @Post(':id/renew')
  @Roles('launcher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the lease from now (leaseSeconds, default the reservation\'s own); 409 RESERVATION_ENDED once its teardown started' })
  renew(
    @PathParam('id', ReservationIdSchema, RESERVATION_ID_EXAMPLE, 'reservation id') id: string,
    @JsonBody(RenewReservationSchema, 'renewal', { examples: { renew: { summary: 'Another 10 minutes', value: { leaseSeconds: 600 } } } }) body: RenewReservation,
    @Principal() who: Principal,
  ): Promise<Reservation> {
    return this.reservations.renew(id, body, who);
  }

  @Delete(':id')
  @OpensOperation()
  @Roles('launcher')
  @HttpCode(202)
  @ApiOperation({ summary: 'Release early: its circuits are torn down (status releasing, then released); releasing again answers the same' })
  release(@PathParam('id', ReservationIdSchema, RESERVATION_ID_EXAMPLE, 'reservation id') id: string, @Principal() who: Principal): Promise<Reservation> {
    return this.reservations.release(id, who);
  }
}
