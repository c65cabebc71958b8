import { describe, expect, it } from 'vitest';
import { displacePolicyFor, groupByOwner, notAllowed, portsOf, splitForPlan, withOwners } from './plan-ownership';

describe('plan-ownership (item 15: circuit owners as planner input)', () => {
  const current = [
    { switchId: 'ocs-1', north: 1, south: 5 },
    { switchId: 'ocs-1', north: 2, south: 3 },
    { switchId: 'ocs-2', north: 4, south: 4 },
  ];
  const owners = new Map([
    ['ocs-1', new Map([[2, 'topology:mesh-a']])],
    ['ocs-2', new Map([[4, 'reservation:rsv-1']])],
  ]);

  it('a circuit with no stored owner is manual (data from before owners existed)', () => {
    expect(withOwners(current, owners).map((c) => c.owner)).toEqual(['manual', 'topology:mesh-a', 'reservation:rsv-1']);
  });

  it("a topology plans over its own circuits; every other owner's is fixed and its ports unavailable", () => {
    const { plan, fixed } = splitForPlan(withOwners(current, owners), 'topology:mesh-a');
    expect(plan).toEqual([{ switchId: 'ocs-1', north: 2, south: 3 }]);
    expect(fixed.map((c) => c.owner)).toEqual(['manual', 'reservation:rsv-1']);
    expect(portsOf(fixed.slice(0, 1))).toEqual([
      { type: 'port', switchId: 'ocs-1', side: 'north', port: 1 },
      { type: 'port', switchId: 'ocs-1', side: 'south', port: 5 },
    ]);
  });

  it('a scheduler may displace only other topologies; an operator also manual and repair circuits; nobody a reservation', () => {
    const displaced = groupByOwner([
      { switchId: 'ocs-2', north: 9, south: 9, owner: 'topology:b' },
      { switchId: 'ocs-1', north: 1, south: 5, owner: 'manual' },
      { switchId: 'ocs-1', north: 7, south: 7, owner: 'repair' },
    ]);
    expect(displaced.map((d) => d.owner)).toEqual(['manual', 'repair', 'topology:b']);
    expect(displacePolicyFor('scheduler')).toBe('topologies');
    expect(notAllowed(displaced, 'topologies', 'topology:a').map((d) => d.owner)).toEqual(['manual', 'repair']);
    expect(displacePolicyFor('operator')).toBe('others');
    expect(displacePolicyFor('admin')).toBe('others');
    expect(notAllowed(displaced, 'others', 'topology:a')).toEqual([]);
    expect(notAllowed(groupByOwner([{ switchId: 'x', north: 1, south: 1, owner: 'reservation:r' }]), 'others', 'topology:a')).toHaveLength(1);
    expect(displacePolicyFor('launcher')).toBe('none');
  });
});
