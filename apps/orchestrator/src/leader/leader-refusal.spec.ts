import { HttpException } from '@nestjs/common';
import { isStateUnavailable } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { leaderRefusal } from './leader-refusal';
import type { LeadershipView } from './leadership-view';

const view = (v: Partial<LeadershipView>): LeadershipView => ({ selfId: 'orch-a', isLeader: false, epoch: 3, leaderId: null, leaderUrl: null, ...v });
const body = (e: unknown) => (e as HttpException).getResponse() as { statusCode: number; code: string; message: string };

describe('leaderRefusal: what a replica that may not act tells the caller', () => {
  it('Redis unavailable for the lease: STATE_UNAVAILABLE like every other request in the outage, never NOT_LEADER naming a replica', () => {
    // The view as it is right after the lease lapsed on this replica: it was the last holder seen.
    const err = leaderRefusal(view({ leaderId: 'orch-a', leaderUrl: 'http://a:3000' }), true);
    expect(isStateUnavailable(err)).toBe(true);
    expect(err.message).toMatch(/Redis\) is unavailable.*leader lease.*nothing was changed/);
    expect(err.message).not.toMatch(/http:\/\/a:3000/);
  });

  it('a follower names the leader it last saw, so clients can follow it', () => {
    const err = leaderRefusal(view({ leaderId: 'orch-b', leaderUrl: 'http://b:3000' }), false);
    expect(err).toBeInstanceOf(HttpException);
    expect(body(err)).toMatchObject({ statusCode: 503, code: 'NOT_LEADER' });
    expect(body(err).message).toMatch(/orch-a.*does not lead.*the leader is orch-b at http:\/\/b:3000: send mutations there/);
  });

  it('a leader whose lease ran out unrenewed says so instead of naming itself', () => {
    const err = leaderRefusal(view({ isLeader: true, leaderId: 'orch-a', leaderUrl: 'http://a:3000' }), false);
    expect(body(err).code).toBe('NOT_LEADER');
    expect(body(err).message).toMatch(/lease could not be renewed in time.*retry after Retry-After/);
    expect(body(err).message).not.toMatch(/the leader is orch-a/);
  });

  it('no leader known: says so and when to retry', () => {
    const err = leaderRefusal(view({}), false);
    expect(body(err).code).toBe('NOT_LEADER');
    expect(body(err).message).toMatch(/no leader is known.*retry after Retry-After/);
  });
});
