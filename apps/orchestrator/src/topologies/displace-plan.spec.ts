import type { PlanOutput } from '@lightpath/topology';
import { describe, expect, it } from 'vitest';
import { displaceInPlan } from './displace-plan';

const plan = (changes: PlanOutput['changes']): PlanOutput =>
  ({
    changes,
    stages: [{ index: 0, changes }],
    metrics: { removed: 0, added: changes.reduce((n, c) => n + c.add.length, 0), touched: 0, modified: 0, switchesTouched: changes.length },
    details: {},
  }) as unknown as PlanOutput;

describe('displaceInPlan (item 15: a plan displaces only the circuits its new ones land on)', () => {
  it('adds the removal of each circuit a new one lands on, to the stage that needs the port, and lists them by owner', () => {
    const others = [
      { switchId: 'ocs-1', north: 1, south: 5, owner: 'manual' },
      { switchId: 'ocs-1', north: 2, south: 6, owner: 'manual' },
      { switchId: 'ocs-2', north: 3, south: 3, owner: 'topology:b' },
    ];
    const out = displaceInPlan(plan([{ switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 2 }] }, { switchId: 'ocs-2', remove: [], add: [{ north: 4, south: 3 }] }]), others);
    expect(out.displaces).toEqual([
      { owner: 'manual', circuits: [{ switchId: 'ocs-1', north: 1, south: 5 }] },
      { owner: 'topology:b', circuits: [{ switchId: 'ocs-2', north: 3, south: 3 }] },
    ]);
    expect(out.plan.stages[0].changes).toEqual([
      { switchId: 'ocs-1', remove: [{ north: 1, south: 5 }], add: [{ north: 1, south: 2 }] },
      { switchId: 'ocs-2', remove: [{ north: 3, south: 3 }], add: [{ north: 4, south: 3 }] },
    ]);
    expect(out.plan.changes).toEqual(out.plan.stages[0].changes);
    expect(out.plan.metrics).toMatchObject({ removed: 2, added: 2, touched: 4, modified: 2 });
    expect(out.plan.details.displaced).toBe(2);
  });

  it('changes nothing when no new circuit lands on another owner\'s port', () => {
    const p = plan([{ switchId: 'ocs-1', remove: [], add: [{ north: 3, south: 4 }] }]);
    expect(displaceInPlan(p, [{ switchId: 'ocs-1', north: 1, south: 5, owner: 'manual' }])).toEqual({ plan: p, displaces: [] });
  });
});
