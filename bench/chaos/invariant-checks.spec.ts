import { describe, expect, it } from 'vitest';
import type { FabricSnapshot, OperationRecord, SwitchSnapshot } from './fabric-snapshot';
import { checkFabric, isQuiet } from './invariant-checks';

function sw(over: Partial<SwitchSnapshot> = {}): SwitchSnapshot {
  return {
    switchId: 'ocs-0',
    desiredByNorth: { '1': '2', '5': '6' },
    desiredBySouth: { '2': '1', '6': '5' },
    ownerByNorth: { '5': 'r:rsv-1' },
    pending: {},
    actual: [{ north: 1, south: 2 }, { north: 5, south: 6 }],
    failedPorts: [],
    drained: false,
    agent: { crossConnects: [{ north: 5, south: 6 }, { north: 1, south: 2 }], highestEpoch: 3, appliedTwice: [] },
    ...over,
  };
}

function op(over: Partial<OperationRecord> = {}): OperationRecord {
  return { id: 'op-1', family: 'single', kind: 'connect', status: 'succeeded', createdAt: 100, endedAt: 120, addsOn: ['ocs-0'], ...over };
}

function fabric(over: Partial<FabricSnapshot> = {}): FabricSnapshot {
  return {
    epoch: 3,
    switches: [sw()],
    operations: [op()],
    openOperationIds: [],
    reservations: [{ id: 'rsv-1', status: 'active', cubes: [], crossConnects: [{ switchId: 'ocs-0', north: 5, south: 6 }] }],
    holds: { 'port:ocs-0:n:5': 'rsv-1', 'port:ocs-0:s:6': 'rsv-1' },
    audit: [{ operationId: 'op-1', who: 'chaos-operator' }],
    ...over,
  };
}

const checks = (f: FabricSnapshot, accepted = [{ id: 'op-1', what: 'POST' }]) => checkFabric(f, accepted).map((v) => v.check);

describe('chaos checker: invariant checks on what Redis and the agents hold', () => {
  it('finds nothing wrong in a converged fabric', () => {
    expect(checkFabric(fabric(), [{ id: 'op-1', what: 'POST' }, { id: 'rsv-1', what: 'POST' }])).toEqual([]);
  });

  it('I1: a reverse index that disagrees, or a port twice on the switch', () => {
    expect(checks(fabric({ switches: [sw({ desiredBySouth: { '2': '1', '6': '1' } })] }))).toContain('I1');
    const twice = sw({ agent: { crossConnects: [{ north: 1, south: 2 }, { north: 1, south: 6 }], highestEpoch: 3, appliedTwice: [] } });
    expect(checks(fabric({ switches: [twice] }))).toContain('I1');
  });

  it('I2: a desired circuit on a failed port', () => {
    expect(checks(fabric({ switches: [sw({ failedPorts: ['s:2'] })] }))).toContain('I2');
  });

  it('I3: the switch holds a circuit nobody wants, or Redis recorded something the switch does not hold', () => {
    const extra = sw({ agent: { crossConnects: [{ north: 1, south: 2 }, { north: 5, south: 6 }, { north: 9, south: 9 }], highestEpoch: 3, appliedTwice: [] } });
    expect(checks(fabric({ switches: [extra] }))).toContain('I3');
    expect(checks(fabric({ switches: [sw({ actual: [{ north: 1, south: 2 }] })] }))).toContain('I3');
    expect(checks(fabric({ switches: [sw({ agent: undefined })] }))).toContain('I3');
  });

  it('I4: an active reservation that lost a circuit, a hold left by an ended one, a circuit an ended one left behind', () => {
    const lost = sw({ desiredByNorth: { '1': '2' }, desiredBySouth: { '2': '1' }, actual: [{ north: 1, south: 2 }], agent: { crossConnects: [{ north: 1, south: 2 }], highestEpoch: 3, appliedTwice: [] } });
    expect(checks(fabric({ switches: [lost] }))).toContain('I4');
    const released = fabric({ reservations: [{ id: 'rsv-1', status: 'released', cubes: [], crossConnects: [{ switchId: 'ocs-0', north: 5, south: 6 }] }] });
    const found = checkFabric(released, []).filter((v) => v.check === 'I4').map((v) => v.detail);
    expect(found.some((d) => d.includes('still held'))).toBe(true);
    expect(found.some((d) => d.includes('left ocs-0 N5->S6 behind'))).toBe(true);
  });

  it("I4: a reservation's circuit that a drain moved to another switch is still its own, found by owner", () => {
    const drained = sw({ desiredByNorth: { '1': '2' }, desiredBySouth: { '2': '1' }, ownerByNorth: {}, actual: [{ north: 1, south: 2 }], agent: { crossConnects: [{ north: 1, south: 2 }], highestEpoch: 3, appliedTwice: [] } });
    const other = sw({ switchId: 'ocs-1', desiredByNorth: { '5': '6' }, desiredBySouth: { '6': '5' }, ownerByNorth: { '5': 'r:rsv-1' }, actual: [{ north: 5, south: 6 }], agent: { crossConnects: [{ north: 5, south: 6 }], highestEpoch: 3, appliedTwice: [] } });
    expect(checkFabric(fabric({ switches: [drained, other] }), [{ id: 'op-1', what: 'POST' }, { id: 'rsv-1', what: 'POST' }]).filter((v) => v.check === 'I4')).toEqual([]);
    // Released, the moved circuit must go too.
    const released = fabric({ switches: [drained, other], reservations: [{ id: 'rsv-1', status: 'released', cubes: [], crossConnects: [{ switchId: 'ocs-0', north: 5, south: 6 }] }], holds: {} });
    expect(checkFabric(released, []).map((v) => v.detail)).toContain('released reservation rsv-1 left ocs-1 N5->S6 behind');
  });

  it('I4: two live reservations on one port', () => {
    const two = fabric({
      reservations: [
        { id: 'rsv-1', status: 'active', cubes: [], crossConnects: [{ switchId: 'ocs-0', north: 5, south: 6 }] },
        { id: 'rsv-2', status: 'placing', cubes: [], crossConnects: [{ switchId: 'ocs-0', north: 5, south: 6 }] },
      ],
    });
    expect(checkFabric(two, []).some((v) => v.check === 'I4' && v.detail.includes('rsv-1 and rsv-2'))).toBe(true);
  });

  it('I2: an operation accepted after a drain finished and before the undrain added circuits on the drained switch', () => {
    const drain = op({ id: 'sop-d', family: 'staged', kind: 'drain', createdAt: 50, endedAt: 90, addsOn: ['ocs-1'] });
    const audit = [{ operationId: 'op-1', who: 'x' }, { operationId: 'sop-d', who: 'x' }];
    const f = fabric({ operations: [drain, op()], audit });
    const accepted = [{ id: 'op-1', what: 'POST' }, { id: 'sop-d', what: 'POST drain' }];
    expect(checkFabric(f, accepted, [{ switchId: 'ocs-0', operationId: 'sop-d' }]).map((v) => v.check)).toEqual(['I2']);
    expect(checkFabric(f, accepted, [{ switchId: 'ocs-0', operationId: 'sop-d', undrainAskedAt: 95 }])).toEqual([]);
    expect(checkFabric(f, accepted, [{ switchId: 'ocs-2', operationId: 'sop-d' }])).toEqual([]);
  });

  it('I5: an agent that has seen a higher epoch than the fabric, or a command applied twice', () => {
    expect(checks(fabric({ epoch: 2 }))).toContain('I5');
    expect(checks(fabric({ switches: [sw({ agent: { ...sw().agent!, appliedTwice: ['cmd-9'] } })] }))).toContain('I5');
  });

  it('I6: an operation with no audit entry, or two', () => {
    expect(checks(fabric({ audit: [] }))).toContain('I6');
    expect(checks(fabric({ audit: [{ operationId: 'op-1', who: 'a' }, { operationId: 'op-1', who: 'a' }] }))).toContain('I6');
  });

  it('LOST: an accepted operation missing from Redis, one still open, one failed without a reason', () => {
    expect(checks(fabric(), [{ id: 'op-404', what: 'POST' }])).toContain('LOST');
    expect(checks(fabric({ operations: [op({ status: 'running', endedAt: undefined })] }))).toContain('LOST');
    expect(checks(fabric({ operations: [op({ family: 'staged', kind: 'topology', status: 'rolled-back' })] }))).toContain('LOST');
  });

  it('is quiet only with no open operation and no reservation mid-setup or mid-teardown', () => {
    expect(isQuiet(fabric())).toBe(true);
    expect(isQuiet(fabric({ openOperationIds: ['op-2'] }))).toBe(false);
    expect(isQuiet(fabric({ reservations: [{ id: 'r', status: 'releasing', cubes: [], crossConnects: [] }] }))).toBe(false);
  });
});
