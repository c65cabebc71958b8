import { randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { StagedChange } from '@lightpath/contracts';
import { queueScore, type ReservationStore } from '@lightpath/state';
import type { Principal } from '../auth/principal';
import { roleAtLeast } from '@lightpath/contracts';
import { readScope, visibleTo } from '../auth/tenant-scope';
import { conflict, forbidden, notFound } from '../http/api-errors';
import { LeadershipService } from '../leader/leadership.service';
import type { CreateReservation, ListReservations, RenewReservation } from './reservation-api.schema';
import { ReservationLifecycle } from './reservation-lifecycle.service';
import { ReservationPlacer, type Placement } from './reservation-placer.service';
import { bodyHash, holdFields, missingCubes, pickVictims } from './reservation-policy';
import { ENDED_STATUSES, type Reservation } from './reservation.types';
import { IDEMPOTENCY_TTL_SECONDS, PLACEMENT_ATTEMPTS, RESERVATION_ERRORS, RESERVATION_STORE } from './reservations.constants';

/** What a create answers: 201 placed (setting up), 202 queued; `replayed` for a retried key. */
export interface CreateResult {
  status: 201 | 202;
  reservation: Reservation;
  replayed: boolean;
}

/** A placement written with its holds, whose setup operation is still to be submitted. */
interface Placed {
  placed: Reservation;
  stages: { changes: StagedChange[] }[];
}

const unprocessable = (code: string, message: string) => new HttpException({ statusCode: 422, error: 'Unprocessable Entity', code, message }, 422);

/**
 * The reservations API: create (placed now, queued, preempting, or refused with the planner's
 * reason), read, renew and release, each within the caller's tenant (tenant-scope.ts: a reservation always names its tenant, so who may read one may renew or release it). Mutations
 * run on the leader only; reads answer on any replica from Redis.
 */
@Injectable()
export class ReservationsService {
  constructor(
    @Inject(RESERVATION_STORE) private readonly store: ReservationStore<Reservation>,
    private readonly leadership: LeadershipService,
    private readonly placer: ReservationPlacer,
    private readonly lifecycle: ReservationLifecycle,
  ) {}

  async create(body: CreateReservation, idempotencyKey: string, who: Principal): Promise<CreateResult> {
    const tenant = this.tenantFor(body.tenant, who);
    const hash = bodyHash({ ...body, tenant });
    const seen = await this.replay(tenant, idempotencyKey, hash);
    if (seen) return seen;
    this.leadership.requireLeader();
    const decided = await this.placer.exclusive(async (): Promise<CreateResult | Placed> => {
      // Checked again inside the placement section: a concurrent retry may have created it while this one waited.
      const again = await this.replay(tenant, idempotencyKey, hash);
      if (again) return again;
      const now = Date.now();
      const r: Reservation = {
        id: `rsv-${randomUUID()}`,
        job: body.job,
        tenant,
        owner: who.name,
        priority: body.priority,
        preemptible: body.preemptible,
        leaseSeconds: body.leaseSeconds,
        onConflict: body.onConflict,
        slice: body.slice,
        endpoints: body.endpoints,
        status: 'queued',
        cubes: [],
        crossConnects: [],
        createdAt: now,
        updatedAt: now,
        expiresAt: now + body.leaseSeconds * 1000,
      };
      const idempotency = { scope: tenant, key: idempotencyKey, bodyHash: hash, ttlSeconds: IDEMPOTENCY_TTL_SECONDS };
      for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
        const placement = await this.placer.place(r);
        if (!placement.ok) return this.noCapacity(r, placement, idempotency);
        const placed: Reservation = { ...r, status: 'placing', cubes: placement.cubes, crossConnects: placement.crossConnects };
        const out = await this.store.create({ record: placed, createdAt: now, expiresAt: r.expiresAt, holds: holdFields(placed.cubes, placed.crossConnects), idempotency });
        if (out.kind === 'idempotent') return (await this.replay(tenant, idempotencyKey, hash))!;
        // Another replica's placement took a cube between the plan and the write: plan again without it.
        if (out.kind === 'held') continue;
        return { placed, stages: placement.stages };
      }
      throw conflict(RESERVATION_ERRORS.placementRace, `another placement kept taking the cubes planned for this reservation (${PLACEMENT_ATTEMPTS} attempts); retry with the same Idempotency-Key`);
    });
    if ('status' in decided) return decided;
    // Submitted outside the placement section: the holds already keep the next placement off these
    // cubes, and the engine's port claims (one Lua call over 48 switches) need not wait in line.
    // Under the reservation's lock, so its operation's finish is applied only after the operation id is saved.
    const reservation = await this.lifecycle.locks.run(decided.placed.id, async () => {
      // A very short lease may have lapsed (or a release come in) between the write and here: then nothing was set up yet.
      const now = await this.store.get(decided.placed.id);
      if (now && now.status === 'releasing') return this.lifecycle.end(now, now.ending ?? 'released');
      return this.lifecycle.startSetup(decided.placed, decided.stages);
    });
    return { status: 201, reservation, replayed: false };
  }

  async get(id: string, who: Principal): Promise<Reservation> {
    // Another tenant's reservation is answered exactly like a missing one: its existence is not leaked.
    const r = visibleTo(who, await this.store.get(id));
    if (!r) {
      throw notFound(RESERVATION_ERRORS.notFound, `no reservation ${id} visible to you: list yours with GET /v1/reservations`);
    }
    return r;
  }

  async list(q: ListReservations, who: Principal): Promise<Reservation[]> {
    const scope = readScope(who);
    return this.store.list(q.limit, { tenant: scope.all ? undefined : scope.tenant, accept: (r) => !q.status || r.status === q.status });
  }

  async renew(id: string, body: RenewReservation, who: Principal): Promise<Reservation> {
    this.leadership.requireLeader();
    return this.lifecycle.locks.run(id, async () => {
      const r = await this.get(id, who);
      if (ENDED_STATUSES.has(r.status) || r.status === 'releasing') {
        throw conflict(RESERVATION_ERRORS.ended, `reservation ${id} is ${r.status}${r.ending ? ` (${r.ending})` : ''}: a lease cannot be renewed once the teardown started; create a new reservation`);
      }
      const leaseSeconds = body.leaseSeconds ?? r.leaseSeconds;
      const expiresAt = Date.now() + leaseSeconds * 1000;
      return this.lifecycle.save({ ...r, leaseSeconds, expiresAt }, expiresAt, 'renewed');
    });
  }

  /** Releases early: the circuits are torn down (status releasing, then released); releasing again is a no-op. */
  async release(id: string, who: Principal): Promise<Reservation> {
    this.leadership.requireLeader();
    return this.lifecycle.locks.run(id, async () => {
      const r = await this.get(id, who);
      if (ENDED_STATUSES.has(r.status) || r.status === 'releasing') return r;
      return this.lifecycle.startTeardown(r, 'released', who.name);
    });
  }

  private tenantFor(asked: string | undefined, who: Principal): string {
    if (asked === undefined || asked === who.tenant) return who.tenant;
    if (roleAtLeast(who.role, 'operator')) return asked;
    throw forbidden(RESERVATION_ERRORS.tenantForbidden, `tenant: a ${who.role} reserves for its own tenant (${who.tenant}) only; leave tenant out or ask an operator`);
  }

  /** The answer to a retried create, or undefined when the key is new. */
  private async replay(tenant: string, key: string, hash: string): Promise<CreateResult | undefined> {
    const seen = await this.store.idempotent(tenant, key);
    if (!seen) return undefined;
    if (seen.bodyHash !== hash) {
      throw unprocessable(RESERVATION_ERRORS.idempotencyKeyReused, `Idempotency-Key ${key} was used for a different request (reservation ${seen.id}); use a new key for a new reservation`);
    }
    const reservation = await this.store.get(seen.id);
    if (!reservation) throw notFound(RESERVATION_ERRORS.notFound, `reservation ${seen.id} of Idempotency-Key ${key} is gone; use a new key`);
    return { status: reservation.status === 'queued' ? 202 : 201, reservation, replayed: true };
  }

  /** Nothing fits now: preempt where policy allows, else queue or refuse as the caller chose. */
  private async noCapacity(
    r: Reservation,
    p: Extract<Placement, { ok: false }>,
    idempotency: { scope: string; key: string; bodyHash: string; ttlSeconds: number },
  ): Promise<CreateResult> {
    const need = missingCubes(p.message);
    const candidates = need === undefined ? [] : (await this.store.list(10_000)).filter((v) => v.status === 'active' || v.status === 'placing');
    const victims = need === undefined ? undefined : pickVictims(r, candidates, need);
    if (!victims && r.onConflict === 'fail') {
      throw conflict(RESERVATION_ERRORS.noCapacity, `nothing fits now: ${p.message} (rule ${p.rule}); retry later, or send onConflict "queue" to wait for capacity`);
    }
    const queued: Reservation = victims
      ? { ...r, preempting: victims.map((v) => v.id), reason: `waiting for ${victims.length} preempted reservation(s) to be torn down: ${victims.map((v) => v.id).join(', ')}` }
      : { ...r, reason: p.message, rule: p.rule };
    const out = await this.store.create({ record: queued, createdAt: r.createdAt, expiresAt: r.expiresAt, queueScore: queueScore(r.priority, r.createdAt), holds: [], idempotency });
    if (out.kind === 'idempotent') return (await this.replay(idempotency.scope, idempotency.key, idempotency.bodyHash))!;
    this.lifecycle.publish(queued);
    for (const v of victims ?? []) {
      await this.lifecycle.locks.run(v.id, async () => {
        const now = await this.store.get(v.id);
        if (now && (now.status === 'active' || now.status === 'placing')) await this.lifecycle.startTeardown({ ...now, preemptedBy: r.id }, 'preempted', `preemption by ${r.id}`);
      });
    }
    return { status: 202, reservation: queued, replayed: false };
  }
}
