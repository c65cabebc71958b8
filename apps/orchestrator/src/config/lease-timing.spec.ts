import { describe, expect, it } from 'vitest';
import { defaultRenewMs, FOLLOWER_WAKE_MARGIN_MS, followerRetryMs, leadUntil, leaseTimingProblem, stopGuardMs } from './lease-timing';

describe('lease timing: the leader stops before its lease can expire', () => {
  it('leads until the send time of its last good renewal plus the TTL, less a tenth of it', () => {
    expect(leadUntil(5_000, 1_000)).toBe(5_900);
    expect(stopGuardMs(1_000)).toBe(100);
    // Redis starts the TTL no earlier than the send, so the local deadline is before the real expiry.
    const redisExpiry = 5_000 + 1_000;
    expect(leadUntil(5_000, 1_000)).toBeLessThan(redisExpiry);
  });

  it('renews five times per lease by default, so four renewals in a row may fail or be late', () => {
    expect(defaultRenewMs(1_000)).toBe(200);
    expect(defaultRenewMs(3_000)).toBe(600);
    expect(leaseTimingProblem({ ttlMs: 1_000, renewMs: defaultRenewMs(1_000) })).toBeUndefined();
    expect(leaseTimingProblem({ ttlMs: 300, renewMs: defaultRenewMs(300) })).toBeUndefined();
  });

  it('refuses a renewal period that fits fewer than three times before the stop guard', () => {
    expect(leaseTimingProblem({ ttlMs: 1_000, renewMs: 300 })).toBeUndefined();
    expect(leaseTimingProblem({ ttlMs: 1_000, renewMs: 301 })).toMatch(/LEADER_RENEW_MS \(301\) must be at most .*300 ms for a 1000 ms lease/);
  });
});

describe('lease timing: a follower is woken by the lease expiry, not by polling', () => {
  const timing = { ttlMs: 1_000, renewMs: 200 };

  it('tries again just after what is left of the lease', () => {
    expect(followerRetryMs(730, timing)).toBe(730 + FOLLOWER_WAKE_MARGIN_MS);
    expect(followerRetryMs(1, timing)).toBe(1 + FOLLOWER_WAKE_MARGIN_MS);
  });

  it('honours a longer lease written by a replica configured otherwise', () => {
    expect(followerRetryMs(5_000, timing)).toBe(5_000 + FOLLOWER_WAKE_MARGIN_MS);
  });

  it('falls back to the renewal period for a lease without expiry or one gone meanwhile', () => {
    expect(followerRetryMs(-1, timing)).toBe(200);
    expect(followerRetryMs(-2, timing)).toBe(200);
    expect(followerRetryMs(0, timing)).toBe(200);
    expect(followerRetryMs(Number.NaN, timing)).toBe(200);
  });
});
