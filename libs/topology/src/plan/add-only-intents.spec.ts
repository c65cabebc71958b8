import { describe, expect, it } from 'vitest';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { TopologyInfeasibleError } from '../errors';
import { planIntent } from './plan-intent';

// 4 blocks, one north and one south port on each of 4 OCS: block b is port b+1 on every switch.
const spec = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });

describe('links intent', () => {
  it('adds exactly the requested links on free ports, touching no existing circuit, verified', async () => {
    const current = [{ switchId: 'ocs-0', north: 1, south: 2 }];
    const plan = await planIntent(spec, { kind: 'links', links: [{ a: 'block-0', b: 'block-1', links: 2 }] }, current);
    expect(plan.violations).toEqual([]);
    expect(plan.metrics.removed).toBe(0);
    const added = plan.changes.flatMap((c) => c.add.map((p) => ({ switchId: c.switchId, ...p })));
    expect(added).toEqual([
      { switchId: 'ocs-1', north: 1, south: 2 },
      { switchId: 'ocs-2', north: 1, south: 2 },
    ]);
    expect(plan.stages).toHaveLength(1);
  });

  it('stays off excluded ports (held by other tenants) and refuses with its rule when too few are left', async () => {
    const excludePorts = ['ocs-1', 'ocs-2', 'ocs-3'].map((switchId) => ({ switchId, side: 'north' as const, port: 1 }));
    const plan = await planIntent(spec, { kind: 'links', links: [{ a: 'block-0', b: 'block-1', links: 1 }], excludePorts }, []);
    expect(plan.changes.map((c) => c.switchId)).toEqual(['ocs-0']);
    const refused = planIntent(spec, { kind: 'links', links: [{ a: 'block-0', b: 'block-1', links: 2 }], excludePorts }, []);
    await expect(refused).rejects.toBeInstanceOf(TopologyInfeasibleError);
    await expect(refused).rejects.toMatchObject({ rule: 'not-enough-free-ports' });
  });
});

describe('circuits intent', () => {
  it('adds exactly the listed circuits, verified, in one stage', async () => {
    const circuits = [
      { switchId: 'ocs-0', north: 1, south: 2 },
      { switchId: 'ocs-3', north: 4, south: 1 },
    ];
    const plan = await planIntent(spec, { kind: 'circuits', circuits }, []);
    expect(plan.violations).toEqual([]);
    expect(plan.changes.flatMap((c) => c.add.map((p) => ({ switchId: c.switchId, ...p })))).toEqual(circuits);
  });

  it('refuses a busy, unfibred or repeated port with the rule and the circuit named', async () => {
    const busy = planIntent(spec, { kind: 'circuits', circuits: [{ switchId: 'ocs-0', north: 1, south: 3 }] }, [{ switchId: 'ocs-0', north: 1, south: 2 }]);
    await expect(busy).rejects.toMatchObject({ rule: 'port-busy' });
    await expect(planIntent(spec, { kind: 'circuits', circuits: [{ switchId: 'ocs-0', north: 7, south: 1 }] }, [])).rejects.toMatchObject({ rule: 'port-not-fibred' });
    await expect(planIntent(spec, { kind: 'circuits', circuits: [{ switchId: 'ocs-9', north: 1, south: 1 }] }, [])).rejects.toThrow(/circuits\[0\] \(ocs-9 N1-S1\)/);
  });
});
