/** Injection tokens, error codes and timings of the reservations feature (house rules 3 and 5). */
export const RESERVATION_STORE = Symbol('RESERVATION_STORE');

/** Stable error codes (docs/api.md, Reservations). */
export const RESERVATION_ERRORS = {
  notFound: 'RESERVATION_NOT_FOUND',
  noCapacity: 'RESERVATION_NO_CAPACITY',
  ended: 'RESERVATION_ENDED',
  idempotencyKeyMissing: 'IDEMPOTENCY_KEY_REQUIRED',
  idempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  tenantForbidden: 'TENANT_FORBIDDEN',
  placementRace: 'RESERVATION_PLACEMENT_RACE',
} as const;

/** Staged operation kinds this feature submits (GET /v1/operations shows them). */
export const SETUP_KIND = 'reservation';
export const TEARDOWN_KIND = 'reservation-teardown';

/** How often the leader looks for due leases and queued requests that now fit. */
export const SWEEP_INTERVAL_MS = 250;
/** A teardown the engine refused (port busy, frozen fabric) or that failed is tried again after this. */
export const TEARDOWN_RETRY_MS = 2_000;
/**
 * Safety net for a reservation waiting on an operation (setup or teardown): if its finish was never
 * heard (a leader died between submit and save), the sweeper looks again after this.
 */
export const OPERATION_WATCHDOG_MS = 60_000;
/**
 * A reservation's setup deadline, counted from its creation (and never past its lease): transient
 * infrastructure failures during setup (Redis unavailable, a command not sent) are retried until
 * then; only a refusal or this deadline fails the reservation.
 */
export const SETUP_DEADLINE_MS = 60_000;
/** How long applying a finished operation to its reservation is retried through a Redis blip. */
export const FINISH_RETRY_MS = 30_000;
/** A retried create within a day finds its reservation; after that the key may be reused. */
export const IDEMPOTENCY_TTL_SECONDS = 86_400;
/** Queued requests the sweeper tries per tick, in queue order. */
export const QUEUE_BATCH = 64;
/** Due leases handled per sweep. */
export const SWEEP_BATCH = 256;
/** How many times a create re-plans when another placement took a cube between its plan and its write. */
export const PLACEMENT_ATTEMPTS = 3;
