import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { parseIntent } from './parse-intent';
import { planIntent } from './plan-intent';

// 3 blocks, 2 OCS, one north and one south port per block per OCS.
const spec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 3 });

describe('undirected link targets', () => {
  it('keeps today\'s circuit when the target asks for the same link in the other direction: 0 changes instead of 2', async () => {
    const mesh = await planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }] }, [], { fullState: true });
    const today = mesh.crossConnects!;
    const directed = await planIntent(spec, { kind: 'rewire', target: [{ a: 'block-1', b: 'block-0', links: 1 }] }, today);
    expect(directed.metrics.touched).toBe(2);
    const undirected = await planIntent(spec, { kind: 'rewire', target: [{ a: 'block-1', b: 'block-0', links: 1, directed: false }] }, today);
    expect(undirected.violations).toEqual([]);
    expect(undirected.metrics).toMatchObject({ touched: 0, lowerBound: { touched: 0 } });
  });

  it('an intent-level directed: false applies to every entry; an entry\'s own directed: true wins', async () => {
    const mesh = await planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }, { a: 'block-2', b: 'block-0', links: 1 }] }, [], { fullState: true });
    const target = [
      { a: 'block-1', b: 'block-0', links: 1 },
      { a: 'block-0', b: 'block-2', links: 1, directed: true },
    ];
    const plan = await planIntent(spec, { kind: 'rewire', directed: false, target }, mesh.crossConnects!);
    expect(plan.violations).toEqual([]);
    // block-0 <-> block-1 stays as it is; block-2 -> block-0 must turn into block-0 -> block-2.
    expect(plan.metrics.touched).toBe(2);
  });

  it('refuses an undirected count above what both directions\' ports carry, and takes up to that', async () => {
    // block-0 and block-1 each have 2 north and 2 south ports: at most 2 + 2 links between them.
    await expect(planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 5, directed: false }] }, [])).rejects.toMatchObject({
      rule: 'degree-exceeds-ports',
    });
    await expect(planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 3 }] }, [])).rejects.toBeInstanceOf(TopologyInfeasibleError);
    const four = await planIntent(spec, { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 4, directed: false }] }, []);
    expect(four.violations).toEqual([]);
    expect(four.metrics.added).toBe(4);
  });

  it('the schema takes directed on mesh and rewire entries and intents only', () => {
    expect(parseIntent({ kind: 'rewire', directed: false, target: [{ a: 'x', b: 'y', links: 1, directed: true }] })).toMatchObject({ directed: false });
    expect(() => parseIntent({ kind: 'links', links: [{ a: 'x', b: 'y', links: 1, directed: false }] })).toThrow();
    expect(() => parseIntent({ kind: 'mesh', links: [{ a: 'x', b: 'y', links: 1, directed: 'no' }] })).toThrow();
  });
});
