import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import type { SequencedEvent } from './watch-event';
import { watchFilter, WatchQuerySchema } from './watch-filter';

const who = (role: Principal['role'], tenant = 'team-a'): Principal => ({ name: 'x', role, tenant, via: 'api-token' });
const ev = (over: Partial<SequencedEvent>): SequencedEvent => ({ id: 'r.1', kind: 'operation', type: 'running', switchId: 'ocs-1', at: 1, data: {}, ...over });

describe('watch filter', () => {
  it('parses comma-separated kinds and switch ids, and names a bad one', () => {
    expect(WatchQuerySchema.parse({ kinds: 'operation, alarm', switchId: 'ocs-1,ocs-2' })).toEqual({ kinds: ['operation', 'alarm'], switchId: ['ocs-1', 'ocs-2'] });
    expect(WatchQuerySchema.safeParse({ kinds: 'operation,weather' }).error?.issues[0].path).toEqual(['kinds', 1]);
    expect(WatchQuerySchema.safeParse({ kind: 'operation' }).success).toBe(false);
  });

  it('keeps events of the asked kinds and switches', () => {
    const accept = watchFilter(WatchQuerySchema.parse({ kinds: 'alarm', switchId: 'ocs-2' }), who('viewer'));
    expect(accept(ev({ kind: 'alarm', switchId: 'ocs-2' }))).toBe(true);
    expect(accept(ev({ kind: 'alarm', switchId: 'ocs-1' }))).toBe(false);
    expect(accept(ev({ kind: 'operation', switchId: 'ocs-2' }))).toBe(false);
  });

  it("shows a tenant's events only to that tenant, and to operators and admins", () => {
    const event = ev({ tenant: 'team-b' });
    expect(watchFilter({}, who('launcher', 'team-a'))(event)).toBe(false);
    expect(watchFilter({}, who('launcher', 'team-b'))(event)).toBe(true);
    expect(watchFilter({}, who('operator', 'infra'))(event)).toBe(true);
    expect(watchFilter({}, who('viewer', 'team-a'))(ev({}))).toBe(true);
  });
});
