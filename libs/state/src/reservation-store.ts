import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { CREATE_RESERVATION_LUA } from './scripts/reservation-create.lua';
import { END_RESERVATION_LUA } from './scripts/reservation-end.lua';
import { HOLD_RESERVATION_LUA } from './scripts/reservation-hold.lua';
import { SAVE_RESERVATION_LUA } from './scripts/reservation-save.lua';

/** The part of a reservation the store needs; the orchestrator owns the rest of its shape. */
export interface ReservationRecord {
  id: string;
  tenant: string;
}

/** What a list reads: one tenant's reservations or (no tenant) the fabric's, and which of them it keeps. */
export interface ReservationListOptions<R> {
  tenant?: string;
  accept?: (r: R) => boolean;
}

/** Highest priority a reservation may have: the queue score below stays an exact double. */
export const MAX_RESERVATION_PRIORITY = 100;

/**
 * Queue order: higher priority first, then first come first served. Scores are exact up to 2^53:
 * (100 - priority) * 1e13 + a millisecond time (< 1e13 until the year 2286) stays below 1.1e15.
 */
export function queueScore(priority: number, queuedAt: number): number {
  return (MAX_RESERVATION_PRIORITY - priority) * 1e13 + queuedAt;
}

export type CreateOutcome =
  | { kind: 'created' }
  | { kind: 'idempotent'; id: string; bodyHash: string }
  | { kind: 'held'; field: string; holder: string };

export type HoldOutcome = { kind: 'held' } | { kind: 'taken'; field: string; holder: string } | { kind: 'gone' };

export interface CreateReservation<R extends ReservationRecord> {
  record: R;
  createdAt: number;
  expiresAt: number;
  /** Set for a reservation that waits in the queue (queueScore). */
  queueScore?: number;
  holds: string[];
  idempotency: { scope: string; key: string; bodyHash: string; ttlSeconds: number };
}

/**
 * Reservations of one fabric in Redis, so a new leader continues where the old one stopped:
 * records (JSON), the holds that keep two reservations off one cube or port (I4), the lease expiry
 * index the leader sweeps, the queue of reservations waiting for capacity and the idempotency keys
 * of creates. Every change touching more than one key is one documented Lua script.
 */
export class ReservationStore<R extends ReservationRecord> {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async create(c: CreateReservation<R>): Promise<CreateOutcome> {
    const k = this.keys;
    const id = c.record.id;
    const res = (await this.redis.eval(
      CREATE_RESERVATION_LUA,
      7,
      k.reservation(id),
      k.reservationHolds,
      k.reservationIdempotency(c.idempotency.scope, c.idempotency.key),
      k.allReservations,
      k.reservationExpiry,
      k.reservationQueue,
      k.tenantReservations(c.record.tenant),
      id,
      JSON.stringify(c.record),
      `${id} ${c.idempotency.bodyHash}`,
      c.idempotency.ttlSeconds,
      c.createdAt,
      c.expiresAt,
      c.queueScore === undefined ? '' : c.queueScore,
      ...c.holds,
    )) as [number, string?, string?];
    if (res[0] === 1) {
      const [seenId, bodyHash] = String(res[1]).split(' ');
      return { kind: 'idempotent', id: seenId, bodyHash };
    }
    if (res[0] === 2) return { kind: 'held', field: String(res[1]), holder: String(res[2]) };
    return { kind: 'created' };
  }

  /** The reservation an idempotency key names, with the hash of the body it was created with. */
  async idempotent(scope: string, key: string): Promise<{ id: string; bodyHash: string } | undefined> {
    const v = await this.redis.get(this.keys.reservationIdempotency(scope, key));
    if (v === null) return undefined;
    const [id, bodyHash] = v.split(' ');
    return { id, bodyHash };
  }

  /** A queued reservation takes its holds and leaves the queue (I4 checked as in create). */
  async hold(record: R, holds: string[]): Promise<HoldOutcome> {
    const k = this.keys;
    const res = (await this.redis.eval(HOLD_RESERVATION_LUA, 3, k.reservation(record.id), k.reservationHolds, k.reservationQueue, record.id, JSON.stringify(record), ...holds)) as [
      number,
      string?,
      string?,
    ];
    if (res[0] === 2) return { kind: 'taken', field: String(res[1]), holder: String(res[2]) };
    if (res[0] === 3) return { kind: 'gone' };
    return { kind: 'held' };
  }

  /** Saves the record; `dueAt` places it in the expiry index (the sweeper looks at it then), undefined takes it out. */
  async save(record: R, dueAt: number | undefined): Promise<boolean> {
    const k = this.keys;
    const res = await this.redis.eval(SAVE_RESERVATION_LUA, 2, k.reservation(record.id), k.reservationExpiry, record.id, JSON.stringify(record), dueAt ?? '');
    return Number(res) === 1;
  }

  /** Final record; frees the holds it owns and leaves the expiry index and the queue. */
  async end(record: R, holds: string[]): Promise<number> {
    const k = this.keys;
    const res = await this.redis.eval(END_RESERVATION_LUA, 4, k.reservation(record.id), k.reservationHolds, k.reservationExpiry, k.reservationQueue, record.id, JSON.stringify(record), ...holds);
    return Number(res);
  }

  async get(id: string): Promise<R | undefined> {
    const v = await this.redis.get(this.keys.reservation(id));
    return v === null ? undefined : (JSON.parse(v) as R);
  }

  /**
   * Newest first, up to `limit`: the fabric's, or one tenant's from its own index. `accept` filters
   * further (a status); pages are read until `limit` are kept or the index ends, so a list is never
   * short while more exist, and a tenant's never reads another tenant's records.
   */
  async list(limit: number, options: ReservationListOptions<R> = {}): Promise<R[]> {
    const index = options.tenant === undefined ? this.keys.allReservations : this.keys.tenantReservations(options.tenant);
    const page = Math.max(limit, 100);
    const kept: R[] = [];
    for (let start = 0; kept.length < limit; start += page) {
      const ids = await this.redis.zrevrange(index, start, start + page - 1);
      if (ids.length === 0) break;
      const values = await this.redis.mget(...ids.map((id) => this.keys.reservation(id)));
      for (const v of values) {
        if (v === null) continue;
        const r = JSON.parse(v) as R;
        if (!options.accept || options.accept(r)) kept.push(r);
        if (kept.length === limit) break;
      }
      if (ids.length < page) break;
    }
    return kept;
  }

  /** Ids whose lease (or retry time) is due at `now`, oldest first. */
  due(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.reservationExpiry, '-inf', now, 'LIMIT', 0, limit);
  }

  /**
   * When each reservation is next due (its lease end, or a retry time) from the expiry index, in one
   * round trip; undefined where it is not in the index. Placement reads it to put slices that end
   * together on one pod (lease-aware placement).
   */
  async dueTimes(ids: readonly string[]): Promise<(number | undefined)[]> {
    if (ids.length === 0) return [];
    const scores = await this.redis.zmscore(this.keys.reservationExpiry, ...ids);
    return scores.map((x) => (x === null ? undefined : Number(x)));
  }

  /** Queued ids in queue order (priority, then arrival). */
  queued(limit: number): Promise<string[]> {
    return this.redis.zrange(this.keys.reservationQueue, 0, limit - 1);
  }

  /**
   * Cube holds only ("cube:<id>" -> reservation id). Port holds outnumber cube holds about a hundred to
   * one on a pod (96 ports per cube), and placement needs only the cubes: filtering in Redis keeps
   * the transfer and parsing off the leader's serialised placement path.
   */
  async cubeHolds(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.keys.reservationHolds, cursor, 'MATCH', 'cube:*', 'COUNT', 100_000);
      for (let i = 0; i < flat.length; i += 2) out[flat[i]] = flat[i + 1];
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  /** Every hold: field -> reservation id. */
  holds(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.reservationHolds);
  }
}
