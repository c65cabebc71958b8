import { generateBlockFabric } from '@lightpath/topology';
import { describe, expect, it } from 'vitest';
import { inheritOwners, matchMoves, ownersOfRemovals } from './inherit-owners';
import { refuseDroppedReservations } from './topology-errors';

// 4 blocks, 4 OCS: on every OCS block b has north port b+1 and south port b+1.
const spec = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });

describe('inheritOwners (item 15: a repair moves circuits and keeps their owners)', () => {
  it("a drained OCS's circuit re-homed on another OCS keeps its owner (same two endpoints)", () => {
    const changes = [
      { switchId: 'ocs-0', remove: [{ north: 1, south: 2 }, { north: 3, south: 4 }], add: [] },
      { switchId: 'ocs-2', remove: [], add: [{ north: 3, south: 4 }] },
      { switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 2 }] },
    ];
    const circuits = [
      { switchId: 'ocs-0', north: 1, south: 2, owner: 'topology:mesh-a' },
      { switchId: 'ocs-0', north: 3, south: 4, owner: 'reservation:rsv-1' },
    ];
    expect(inheritOwners(spec, changes, circuits)).toEqual({ 'ocs-1/1': 'topology:mesh-a', 'ocs-2/3': 'reservation:rsv-1' });
  });

  it('a circuit moved off a failed port on the same switch keeps its owner (it shares the other port)', () => {
    const changes = [{ switchId: 'ocs-0', remove: [{ north: 1, south: 2 }], add: [{ north: 1, south: 3 }] }];
    expect(inheritOwners(spec, changes, [{ switchId: 'ocs-0', north: 1, south: 2, owner: 'topology:t' }])).toEqual({ 'ocs-0/1': 'topology:t' });
  });

  it('an addition that replaces nothing is the repair\'s own (absent from the map), and a manual one stays manual', () => {
    const changes = [
      { switchId: 'ocs-0', remove: [{ north: 1, south: 2 }], add: [] },
      { switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 2 }, { north: 3, south: 4 }] },
    ];
    expect(inheritOwners(spec, changes, [{ switchId: 'ocs-0', north: 1, south: 2, owner: 'manual' }])).toEqual({ 'ocs-1/1': 'manual' });
  });

  it('ownersOfRemovals: the owner the plan saw on every circuit it removes (manual where it saw none), for the claim to check', () => {
    const changes = [
      { switchId: 'ocs-0', remove: [{ north: 1, south: 2 }, { north: 3, south: 4 }], add: [] },
      { switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 2 }] },
    ];
    expect(ownersOfRemovals(changes, [{ switchId: 'ocs-0', north: 3, south: 4, owner: 'reservation:rsv-1' }])).toEqual({ 'ocs-0/1': 'manual', 'ocs-0/3': 'reservation:rsv-1' });
  });

  it("I4: a drain whose plan drops a reservation's circuit (no spare ports) is refused with the rule drain-keeps-reservations; dropping others' is reported, not refused", () => {
    // ocs-0's two circuits, only one re-homed on ocs-1: the reservation's is dropped.
    const changes = [
      { switchId: 'ocs-0', remove: [{ north: 1, south: 2 }, { north: 3, south: 4 }], add: [] },
      { switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 2 }] },
    ];
    const circuits = [
      { switchId: 'ocs-0', north: 1, south: 2, owner: 'topology:mesh-a' },
      { switchId: 'ocs-0', north: 3, south: 4, owner: 'reservation:rsv-1' },
    ];
    const moves = matchMoves(spec, changes, circuits);
    expect(moves.dropped).toEqual([{ switchId: 'ocs-0', north: 3, south: 4, owner: 'reservation:rsv-1' }]);
    let refused: unknown;
    try {
      refuseDroppedReservations('ocs-0', moves.dropped);
    } catch (e) {
      refused = e;
    }
    expect((refused as { getResponse(): unknown }).getResponse()).toMatchObject({ statusCode: 422, code: 'INTENT_INFEASIBLE', rule: 'drain-keeps-reservations' });
    expect((refused as Error).message).toMatch(/ocs-0 N3->S4 \(reservation:rsv-1\).*nothing changed/);
    expect(() => refuseDroppedReservations('ocs-0', [{ switchId: 'ocs-0', north: 1, south: 2, owner: 'topology:mesh-a' }])).not.toThrow();
  });
});
