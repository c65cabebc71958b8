import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError, TopologyInvalidArgumentError, TopologyNotFoundError, TopologySpecError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { CrossConnect } from '../types';
import type { Intent } from './intent.schema';
import { planIntent } from './plan-intent';

// 4 blocks, one north and one south port on each of 4 OCS: every block has 4 ports per side.
const spec = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });
const loop = [{ a: 'block-0', b: 'block-0', links: 1 }];

describe('link demands: one set of input rules for mesh, rewire and links intents', () => {
  it('a loopback (a = b) is refused with rule no-loopback in a mesh, a rewire and a links intent, naming the entry', async () => {
    const current = [{ switchId: 'ocs-0', north: 1, south: 2 }];
    const cases: [Intent, CrossConnect[], string][] = [
      [{ kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }, ...loop] }, [], 'links[1]'],
      [{ kind: 'rewire', target: loop }, current, 'target[0]'],
      [{ kind: 'links', links: loop }, [], 'links[0]'],
    ];
    for (const [intent, cur, field] of cases) {
      const refused = planIntent(spec, intent, cur);
      await expect(refused).rejects.toBeInstanceOf(TopologyInvalidArgumentError);
      await expect(refused).rejects.toMatchObject({ kind: 'invalid-argument', rule: 'no-loopback' });
      await expect(refused).rejects.toThrow(field);
    }
  });

  it('a fabric with allowLoopbacks: true plans the loopback circuit, verified', async () => {
    const plan = await planIntent({ ...spec, allowLoopbacks: true }, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-0', links: 2 }] }, []);
    expect(plan.violations).toEqual([]);
    expect(plan.metrics.added).toBe(2);
  });

  it('a count past the documented maximum is a schema error, never a wrapped 32-bit count (2^32 + 1 once planned 1 link)', async () => {
    for (const links of [4294967297, 2147483648, 1_048_577]) {
      const refused = planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links }] }, []);
      await expect(refused).rejects.toBeInstanceOf(TopologySpecError);
      await expect(refused).rejects.toMatchObject({ issues: [{ path: 'links[0].links' }] });
    }
  });

  it('the links of one pair, summed over repeated entries, may not exceed the ports the fabric fibres to its ends', async () => {
    const refused = planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 3 }, { a: 'block-0', b: 'block-1', links: 2 }] }, []);
    await expect(refused).rejects.toBeInstanceOf(TopologyInfeasibleError);
    await expect(refused).rejects.toMatchObject({ rule: 'degree-exceeds-ports' });
    const atMost = await planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 2 }, { a: 'block-0', b: 'block-1', links: 2 }] }, []);
    expect(atMost.violations).toEqual([]);
    expect(atMost.metrics.added).toBe(4);
  });

  it('an unknown endpoint is a not-found error naming the entry', async () => {
    const refused = planIntent(spec, { kind: 'links', links: [{ a: 'block-0', b: 'block-9', links: 1 }] }, []);
    await expect(refused).rejects.toBeInstanceOf(TopologyNotFoundError);
    await expect(refused).rejects.toThrow('links[0] names endpoint block-9');
  });
});
