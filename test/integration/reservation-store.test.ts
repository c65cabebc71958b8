import { FabricState, queueScore } from '@lightpath/state';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

interface Rec {
  id: string;
  status: string;
  tenant: string;
}

describe('reservation store scripts on a real redis-server', () => {
  const opened: FabricState[] = [];
  const store = () => {
    const s = FabricState.connect(inject('redisUrl'), uniqueName('rsv-store'), 'test');
    opened.push(s);
    return s.reservationStore<Rec>();
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  const idem = (key: string, bodyHash = 'h1') => ({ scope: 'team-a', key, bodyHash, ttlSeconds: 60 });

  it('I4: a create whose holds another reservation has writes nothing; the same idempotency key answers the first reservation', async () => {
    const s = store();
    const a = await s.create({ record: { id: 'a', status: 'placing', tenant: 'team-a' }, createdAt: 1, expiresAt: 100, holds: ['cube:cube-0', 'port:ocs-x-0:n:1'], idempotency: idem('k1') });
    expect(a).toEqual({ kind: 'created' });
    const clash = await s.create({ record: { id: 'b', status: 'placing', tenant: 'team-a' }, createdAt: 2, expiresAt: 100, holds: ['cube:cube-1', 'port:ocs-x-0:n:1'], idempotency: idem('k2') });
    expect(clash).toEqual({ kind: 'held', field: 'port:ocs-x-0:n:1', holder: 'a' });
    expect(await s.get('b')).toBeUndefined();
    expect(await s.idempotent('team-a', 'k2')).toBeUndefined();
    expect(await s.holds()).toEqual({ 'cube:cube-0': 'a', 'port:ocs-x-0:n:1': 'a' });
    expect(await s.cubeHolds()).toEqual({ 'cube:cube-0': 'a' });

    const again = await s.create({ record: { id: 'c', status: 'placing', tenant: 'team-a' }, createdAt: 3, expiresAt: 100, holds: ['cube:cube-5'], idempotency: idem('k1') });
    expect(again).toEqual({ kind: 'idempotent', id: 'a', bodyHash: 'h1' });
    expect(await s.get('c')).toBeUndefined();
    expect((await s.list(10)).map((r) => r.id)).toEqual(['a']);
  });

  it('dueTimes reads each reservation\'s lease end from the expiry index in one call (lease-aware placement)', async () => {
    const s = store();
    await s.create({ record: { id: 'a', status: 'placing', tenant: 'team-a' }, createdAt: 1, expiresAt: 70, holds: ['cube:cube-0'], idempotency: idem('k1') });
    await s.create({ record: { id: 'b', status: 'placing', tenant: 'team-a' }, createdAt: 2, expiresAt: 90, holds: ['cube:cube-1'], idempotency: idem('k2') });
    expect(await s.dueTimes(['b', 'a', 'nobody'])).toEqual([90, 70, undefined]);
    expect(await s.dueTimes([])).toEqual([]);
  });

  it('ending a reservation frees only the holds it owns and takes it out of the expiry index and the queue', async () => {
    const s = store();
    await s.create({ record: { id: 'a', status: 'placing', tenant: 'team-a' }, createdAt: 1, expiresAt: 50, holds: ['cube:cube-0'], idempotency: idem('k1') });
    await s.create({ record: { id: 'q', status: 'queued', tenant: 'team-a' }, createdAt: 2, expiresAt: 60, queueScore: queueScore(1, 2), holds: [], idempotency: idem('k2') });
    expect(await s.due(55, 10)).toEqual(['a']);
    expect(await s.queued(10)).toEqual(['q']);
    // 'q' cannot take a's cube; once a ends (also naming a field it never held), it can.
    expect(await s.hold({ id: 'q', status: 'placing', tenant: 'team-a' }, ['cube:cube-0'])).toEqual({ kind: 'taken', field: 'cube:cube-0', holder: 'a' });
    expect(await s.end({ id: 'a', status: 'released', tenant: 'team-a' }, ['cube:cube-0', 'cube:cube-9'])).toBe(1);
    expect(await s.due(1_000, 10)).toEqual(['q']);
    expect(await s.hold({ id: 'q', status: 'placing', tenant: 'team-a' }, ['cube:cube-0'])).toEqual({ kind: 'held' });
    expect(await s.queued(10)).toEqual([]);
    expect(await s.holds()).toEqual({ 'cube:cube-0': 'q' });
    expect(await s.get('a')).toEqual({ id: 'a', status: 'released', tenant: 'team-a' });
  });

  it('a renewal moves the lease in the expiry index with the record; a missing record is not resurrected', async () => {
    const s = store();
    await s.create({ record: { id: 'a', status: 'active', tenant: 'team-a' }, createdAt: 1, expiresAt: 50, holds: [], idempotency: idem('k1') });
    expect(await s.save({ id: 'a', status: 'active', tenant: 'team-a' }, 500)).toBe(true);
    expect(await s.due(100, 10)).toEqual([]);
    expect(await s.due(500, 10)).toEqual(['a']);
    expect(await s.save({ id: 'a', status: 'released', tenant: 'team-a' }, undefined)).toBe(true);
    expect(await s.due(1_000, 10)).toEqual([]);
    expect(await s.save({ id: 'nope', status: 'active', tenant: 'team-a' }, 10)).toBe(false);
    expect(await s.get('nope')).toBeUndefined();
    expect(await s.end({ id: 'nope', status: 'released', tenant: 'team-a' }, [])).toBe(-1);
  });

  it('serves the queue by priority, then arrival', async () => {
    const s = store();
    const q = (id: string, priority: number, at: number) =>
      s.create({ record: { id, status: 'queued', tenant: 'team-a' }, createdAt: at, expiresAt: 10_000, queueScore: queueScore(priority, at), holds: [], idempotency: idem(`k-${id}`) });
    await q('low-1', 1, 10);
    await q('high-2', 50, 30);
    await q('high-1', 50, 20);
    await q('low-2', 1, 5_000);
    expect(await s.queued(10)).toEqual(['high-1', 'high-2', 'low-1', 'low-2']);
  });

  it("lists one tenant's reservations from its own index: exactly `limit`, newest first, however many other tenants have, and pages past filtered ones", async () => {
    const s = store();
    const make = (id: string, tenant: string, status: string, at: number) =>
      s.create({ record: { id, status, tenant }, createdAt: at, expiresAt: 10_000, holds: [], idempotency: { ...idem(`k-${id}`), scope: tenant } });
    await make('a-active', 'team-a', 'active', 1);
    // 250 released reservations of team-a after it, then 400 of team-b after those.
    for (let i = 0; i < 250; i++) await make(`a-old-${i}`, 'team-a', 'released', 10 + i);
    for (let i = 0; i < 400; i++) await make(`b-${i}`, 'team-b', 'active', 1_000 + i);
    const ids = (rs: Rec[]) => rs.map((r) => r.id);
    expect(ids(await s.list(3, { tenant: 'team-a' }))).toEqual(['a-old-249', 'a-old-248', 'a-old-247']);
    // The only active one of team-a is behind 250 released ones and 400 of team-b: still found.
    expect(ids(await s.list(5, { tenant: 'team-a', accept: (r) => r.status === 'active' }))).toEqual(['a-active']);
    expect((await s.list(1000, { tenant: 'team-a' })).every((r) => r.tenant === 'team-a')).toBe(true);
    expect(await s.list(1000, { tenant: 'team-a' })).toHaveLength(251);
    expect(ids(await s.list(2))).toEqual(['b-399', 'b-398']);
    expect(await s.list(10, { tenant: 'team-c' })).toEqual([]);
  });
});
