/**
 * Timing of the leader lease, as pure functions (docs/architecture.md "Leader election": why a
 * 1 s lease is safe, and the renew-to-TTL ratio).
 *
 * - The leader renews every `renewMs` (default a fifth of the TTL) and counts its lease from the
 *   moment it *sent* its last successful renewal, on the monotonic clock: Redis started the TTL
 *   later than that, so the leader's own deadline always falls before the lease's real expiry.
 *   It stops acting `stopGuardMs` before even that deadline, leaving room for a check made just
 *   before the deadline to reach Redis or Kafka.
 * - A follower does not poll: each attempt answers what is left of the lease (PTTL), and the next
 *   attempt is scheduled just after that, so the follower wakes when the lease can first be free.
 *   A clean release is published and wakes it at once (leadership.service.ts).
 */

/** After the lease's PTTL, so the attempt lands after the expiry even with a reply in flight. */
export const FOLLOWER_WAKE_MARGIN_MS = 10;

/** Fraction of the TTL the leader keeps in hand before its lease could expire. */
export const STOP_GUARD_FRACTION = 0.1;

export interface LeaseTiming {
  ttlMs: number;
  renewMs: number;
}

/** Default renewal period: a fifth of the TTL, so four renewals in a row may fail or be late. */
export function defaultRenewMs(ttlMs: number): number {
  return Math.max(10, Math.floor(ttlMs / 5));
}

/**
 * Why a (ttl, renew) pair is unsafe, or undefined when it is fine: at least three renewals must
 * fit in the lease before the leader's own stop guard, so one lost or late renewal never costs the
 * lease (a lease that is lost on one hiccup flaps between replicas).
 */
export function leaseTimingProblem({ ttlMs, renewMs }: LeaseTiming): string | undefined {
  if (renewMs * 3 > ttlMs - stopGuardMs(ttlMs)) {
    return `LEADER_RENEW_MS (${renewMs}) must be at most a third of LEADER_LEASE_MS less its 10% stop guard (${Math.floor((ttlMs - stopGuardMs(ttlMs)) / 3)} ms for a ${ttlMs} ms lease): a single late renewal would otherwise lose the lease`;
  }
  return undefined;
}

export function stopGuardMs(ttlMs: number): number {
  return Math.ceil(ttlMs * STOP_GUARD_FRACTION);
}

/**
 * Until when (monotonic ms) this replica may act as leader, given when it sent the renewal that
 * succeeded. Redis counts the TTL from when it ran the script, which is no earlier than `sentAt`.
 */
export function leadUntil(sentAt: number, ttlMs: number): number {
  return sentAt + ttlMs - stopGuardMs(ttlMs);
}

/**
 * How long a follower waits before its next attempt, given the lease's PTTL from the last one.
 * A lease without an expiry (PTTL < 0: written by hand, or gone between reads) is tried again
 * after a renewal period; a PTTL above our TTL (another replica configured longer) is honoured.
 */
export function followerRetryMs(leftMs: number, { renewMs }: LeaseTiming): number {
  if (!(leftMs > 0)) return renewMs;
  return leftMs + FOLLOWER_WAKE_MARGIN_MS;
}
