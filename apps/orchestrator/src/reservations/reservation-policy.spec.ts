import { queueScore } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { bodyHash, circuitsToTearDown, cubesHeldByOthers, holdFields, mayPreempt, missingCubes, pickVictims, teardownChanges } from './reservation-policy';
import type { Reservation } from './reservation.types';

const rsv = (id: string, patch: Partial<Reservation>): Reservation => ({
  id,
  job: id,
  tenant: 't',
  owner: 'o',
  priority: 0,
  preemptible: true,
  leaseSeconds: 60,
  onConflict: 'fail',
  slice: { shape: [1, 1, 1] },
  status: 'active',
  cubes: ['cube-0'],
  crossConnects: [],
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 0,
  ...patch,
});

describe('reservation policy: may A preempt B', () => {
  it('only a strictly higher priority preempts, and only a reservation created preemptible', () => {
    expect(mayPreempt({ priority: 5 }, rsv('v', { priority: 4 }))).toBe(true);
    expect(mayPreempt({ priority: 5 }, rsv('v', { priority: 5 }))).toBe(false);
    expect(mayPreempt({ priority: 5 }, rsv('v', { priority: 6 }))).toBe(false);
    expect(mayPreempt({ priority: 5 }, rsv('v', { priority: 1, preemptible: false }))).toBe(false);
  });

  it('only reservations holding circuits are victims (not queued, not already going away)', () => {
    expect(mayPreempt({ priority: 9 }, rsv('v', { status: 'placing' }))).toBe(true);
    for (const status of ['queued', 'releasing', 'released', 'expired', 'preempted', 'failed'] as const) {
      expect(mayPreempt({ priority: 9 }, rsv('v', { status }))).toBe(false);
    }
  });

  it('picks the lowest priority first, the newest among equals, and stops once enough cubes are freed', () => {
    const a = rsv('a', { priority: 3, createdAt: 1, cubes: ['c1'] });
    const b = rsv('b', { priority: 1, createdAt: 1, cubes: ['c2'] });
    const c = rsv('c', { priority: 1, createdAt: 2, cubes: ['c3'] });
    const d = rsv('d', { priority: 0, preemptible: false, cubes: ['c4'] });
    expect(pickVictims({ priority: 5 }, [a, b, c, d], 1)!.map((v) => v.id)).toEqual(['c']);
    expect(pickVictims({ priority: 5 }, [a, b, c, d], 2)!.map((v) => v.id)).toEqual(['c', 'b']);
    expect(pickVictims({ priority: 5 }, [a, b, c, d], 3)!.map((v) => v.id)).toEqual(['c', 'b', 'a']);
  });

  it('preempts nobody when even every eligible victim would not free enough', () => {
    expect(pickVictims({ priority: 5 }, [rsv('a', { priority: 1 })], 2)).toBeUndefined();
    expect(pickVictims({ priority: 1 }, [rsv('a', { priority: 1 })], 1)).toBeUndefined();
  });

  it("reads how many cubes are missing from the planner's not-enough-free-cubes message", () => {
    expect(missingCubes('shape 4x4x8 needs 2 free healthy cubes, only 0 are available; free cubes')).toBe(2);
    expect(missingCubes('shape 1x1x3 needs 3 free healthy cubes, only 2 are available')).toBe(1);
    expect(missingCubes('cube-3 cannot join the slice')).toBeUndefined();
  });
});

describe('reservation queue order', () => {
  it('serves a higher priority first, then first come first served', () => {
    const entries = [
      { id: 'low-early', s: queueScore(1, 1_000) },
      { id: 'high-late', s: queueScore(50, 9_000) },
      { id: 'high-early', s: queueScore(50, 2_000) },
      { id: 'top', s: queueScore(100, 9_999) },
      { id: 'low-late', s: queueScore(1, 5_000) },
    ];
    expect(entries.sort((x, y) => x.s - y.s).map((e) => e.id)).toEqual(['top', 'high-early', 'high-late', 'low-early', 'low-late']);
  });

  it('keeps scores exact doubles for real timestamps at every priority', () => {
    const now = Date.UTC(2200, 0, 1);
    expect(queueScore(0, now)).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(queueScore(0, now + 1) - queueScore(0, now)).toBe(1);
    expect(queueScore(99, now + 1e9)).toBeLessThan(queueScore(98, 0));
  });
});

describe('idempotency body hash', () => {
  it('is the same for the same request whatever the field order', () => {
    const a = { job: 'j', slice: { shape: [4, 4, 8], twisted: true }, priority: 1, leaseSeconds: 60 };
    const b = { leaseSeconds: 60, priority: 1, slice: { twisted: true, shape: [4, 4, 8] }, job: 'j' };
    expect(bodyHash(a)).toBe(bodyHash(b));
  });

  it('differs when any field differs, including inside arrays and nested objects', () => {
    const base = { job: 'j', slice: { shape: [4, 4, 8] }, leaseSeconds: 60 };
    expect(bodyHash(base)).not.toBe(bodyHash({ ...base, leaseSeconds: 61 }));
    expect(bodyHash(base)).not.toBe(bodyHash({ ...base, slice: { shape: [4, 8, 4] } }));
    expect(bodyHash(base)).not.toBe(bodyHash({ ...base, tenant: 'other' }));
  });

  it('ignores fields left undefined (absent and undefined are the same request)', () => {
    expect(bodyHash({ job: 'j', tenant: undefined })).toBe(bodyHash({ job: 'j' }));
  });
});

describe('holds and teardown', () => {
  const cc = [
    { switchId: 'ocs-x-0', north: 1, south: 2 },
    { switchId: 'ocs-y-0', north: 1, south: 1 },
    { switchId: 'ocs-x-0', north: 2, south: 1 },
  ];

  it('holds each cube and both ports of each cross-connect', () => {
    expect(holdFields(['cube-0', 'cube-1'], cc)).toEqual([
      'cube:cube-0',
      'cube:cube-1',
      'port:ocs-x-0:n:1',
      'port:ocs-x-0:s:2',
      'port:ocs-y-0:n:1',
      'port:ocs-y-0:s:1',
      'port:ocs-x-0:n:2',
      'port:ocs-x-0:s:1',
    ]);
  });

  it("excludes only other reservations' cubes from a placement", () => {
    expect(cubesHeldByOthers({ 'cube:cube-0': 'a', 'cube:cube-1': 'b', 'port:ocs-x-0:n:1': 'b' }, 'a')).toEqual(['cube-1']);
  });

  it('removes exactly the reservation\'s cross-connects, one change per switch, adding nothing', () => {
    expect(teardownChanges(cc)).toEqual([
      { switchId: 'ocs-x-0', remove: [{ north: 1, south: 2 }, { north: 2, south: 1 }], add: [] },
      { switchId: 'ocs-y-0', remove: [{ north: 1, south: 1 }], add: [] },
    ]);
  });

  it("item 15: a teardown removes the reservation's circuits where they are now, and record-listed manual ones, never another owner's", () => {
    const recorded = [
      { switchId: 'ocs-0', north: 1, south: 2 },
      { switchId: 'ocs-1', north: 3, south: 4 },
      { switchId: 'ocs-2', north: 5, south: 6 },
    ];
    const desired = [
      { switchId: 'ocs-3', north: 1, south: 2, owner: 'reservation:r1' }, // moved off ocs-0 by a drain
      { switchId: 'ocs-1', north: 3, south: 4, owner: 'manual' }, // set up before owners existed
      { switchId: 'ocs-2', north: 5, south: 6, owner: 'topology:t' }, // not its own (whatever its record says)
      { switchId: 'ocs-2', north: 7, south: 7, owner: 'manual' },
    ];
    expect(circuitsToTearDown(recorded, desired, 'reservation:r1')).toEqual([
      { switchId: 'ocs-3', north: 1, south: 2, owner: 'reservation:r1' },
      { switchId: 'ocs-1', north: 3, south: 4, owner: 'manual' },
    ]);
  });
});
