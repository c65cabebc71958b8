import type { HttpException } from '@nestjs/common';
import { StateUnavailableError } from '@lightpath/state';
import { unavailable } from '../http/api-errors';
import type { LeadershipView } from './leadership-view';

/**
 * Why this replica refuses a mutation, as the error the API answers (pure: leadership.service.ts
 * decides *whether* it leads; this says *what to tell the caller*).
 *
 * - The lease store (Redis) did not answer the last lease attempt: nobody this replica could name
 *   leads, and the mutation could not be stored anyway, so it is the same 503 STATE_UNAVAILABLE (with
 *   its Retry-After) every other request gets during a Redis outage. Answering NOT_LEADER here sent
 *   clients, which follow NOT_LEADER to the replica GET /v1/leader names, round to this same replica.
 * - This replica led but its lease ran out unrenewed (the store slow, or its own event loop
 *   stalled): NOT_LEADER that says so; an election follows within a lease.
 * - A follower: NOT_LEADER naming the leader it last saw, or that none is known.
 */
export function leaderRefusal(view: LeadershipView, leaseStoreDown: boolean): HttpException | StateUnavailableError {
  if (leaseStoreDown) return new StateUnavailableError(`the leader lease cannot be renewed or taken, so ${view.selfId} may not act as leader`);
  const where = view.isLeader
    ? 'its leader lease could not be renewed in time (Redis slow or this process stalled); a leader is elected again within a lease: retry after Retry-After'
    : view.leaderUrl
      ? `the leader is ${view.leaderId} at ${view.leaderUrl}: send mutations there`
      : 'no leader is known at the moment (one is elected within a lease): retry after Retry-After';
  return unavailable('NOT_LEADER', `this orchestrator (${view.selfId}) does not lead the fabric now and answers reads only; ${where}`);
}
