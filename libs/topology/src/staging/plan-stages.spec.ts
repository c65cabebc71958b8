import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyConflictError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { applyChanges } from '../model/cross-connect-diff';
import { buildPortIndex, type PortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { blockCase, blockFabric, churn, randomDemand, rng } from '../mesh/test-fabrics.fixture';
import { planRewire } from '../rewire/plan-rewire';
import type { CrossConnect, FabricSpec, SwitchChange } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { planStages, type StagePlan } from './plan-stages';

const key = (c: CrossConnect) => `${c.switchId}/${c.north}/${c.south}`;

function pairCounts(index: PortIndex, state: readonly CrossConnect[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of state) {
    const s = index.switchIndex.get(c.switchId) as number;
    const u = index.endpoints[index.northOwner[s][c.north]];
    const v = index.endpoints[index.southOwner[s][c.south]];
    const k = u < v ? `${u}|${v}` : `${v}|${u}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Replays the stages on the real state and checks I1 and the capacity guard (I7) independently. */
function expectGuardHolds(spec: FabricSpec, index: PortIndex, before: CrossConnect[], after: CrossConnect[], plan: StagePlan, X: number) {
  const c0 = pairCounts(index, before);
  const c1 = pairCounts(index, after);
  let state = before;
  for (const stage of plan.stages) {
    const removesOnly: SwitchChange[] = stage.changes.map((c) => ({ ...c, add: [] }));
    const present = new Set(state.map(key));
    for (const c of removesOnly) for (const r of c.remove) expect(present.has(key({ switchId: c.switchId, ...r }))).toBe(true);
    state = applyChanges(state, removesOnly);
    const mid = pairCounts(index, state);
    for (const [p, old] of c0) {
      const allowance = Math.max(1, Math.floor(X * old));
      expect(Math.min(old, c1.get(p) ?? 0) - (mid.get(p) ?? 0)).toBeLessThanOrEqual(allowance);
    }
    state = applyChanges(state, stage.changes.map((c) => ({ ...c, remove: [] })));
    expect(verifyCrossConnects(spec, state, { healthCheckOnly: [] })).toEqual([]);
  }
  expect(new Set(state.map(key))).toEqual(new Set(after.map(key)));
  expect(plan.stages.length).toBeGreaterThanOrEqual(plan.lowerBound);
}

describe('planStages', () => {
  it('stages rewiring of random fabrics so no pair drops more than its allowance (property)', () => {
    fc.assert(
      fc.property(blockCase, fc.integer({ min: 1, max: 30 }), fc.constantFrom(0.1, 0.25, 0.5), (c, moved, X) => {
        const rand = rng(c.seed);
        const spec = blockFabric(c);
        const index = buildPortIndex(spec);
        const demand = randomDemand(c.blocks, c.ocs * c.perSide, rand);
        const before = realiseMesh(index, demand).crossConnects;
        const rewire = planRewire(index, before, churn(demand, c.blocks, moved, rand));
        const plan = planStages(index, before, rewire.changes, { maxLossShare: X });
        expect(plan.guardRelaxed).toBe(0);
        expectGuardHolds(spec, index, before, rewire.crossConnects, plan, X);
      }),
      { numRuns: 60 },
    );
    // 60 random fabrics planned and staged: about 3 s here, over vitest's default 5 s at load 16.
  }, 60_000);

  it('needs exactly ceil(removed / floor(X c)) stages when one pair loses links on its own', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 32, ocs: 16, portsPerOcs: 2 });
    const index = buildPortIndex(spec);
    const before = realiseMesh(index, Int32Array.from([0, 16, 16, 0])).crossConnects;
    const rewire = planRewire(index, before, Int32Array.from([0, 16, 4, 0]));
    // pair {block-0, block-1} has 32 links; X = 0.25 allows 8 down at once; 12 removals -> 2 stages.
    const plan = planStages(index, before, rewire.changes);
    expect(plan.lowerBound).toBe(2);
    expect(plan.stages.length).toBe(2);
    expectGuardHolds(spec, index, before, rewire.crossConnects, plan, 0.25);
  });

  it('puts one removal per stage for pairs with fewer than 1/X links, and says so in the bound', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 6, ocs: 3, portsPerOcs: 2 });
    const index = buildPortIndex(spec);
    const before = realiseMesh(index, Int32Array.from([0, 3, 0, 0])).crossConnects;
    const rewire = planRewire(index, before, Int32Array.from([0, 0, 0, 3]));
    const plan = planStages(index, before, rewire.changes);
    expect(plan.lowerBound).toBe(3);
    expect(plan.stages.length).toBe(3);
  });

  it('rejects a change set that removes a cross-connect that does not exist', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 4, ocs: 2, portsPerOcs: 2 });
    const index = buildPortIndex(spec);
    expect(() => planStages(index, [], [{ switchId: 'ocs-0', remove: [{ north: 1, south: 1 }], add: [] }])).toThrow(TopologyConflictError);
  });

  it('rejects an addition on a port a kept circuit or another addition holds, and stages one on a freed port after its removal', () => {
    const spec = generateBlockFabric({ blocks: 2, uplinks: 4, ocs: 2, portsPerOcs: 2 });
    const index = buildPortIndex(spec);
    const kept = [{ switchId: 'ocs-0', north: 1, south: 1 }];
    const busy = /addition ocs-0 1->2 needs a port that stays busy; the change set is inconsistent/;
    expect(() => planStages(index, kept, [{ switchId: 'ocs-0', remove: [], add: [{ north: 1, south: 2 }] }])).toThrow(busy);
    expect(() => planStages(index, [], [{ switchId: 'ocs-0', remove: [], add: [{ north: 2, south: 2 }, { north: 1, south: 2 }] }])).toThrow(busy);
    const moved = planStages(index, kept, [{ switchId: 'ocs-0', remove: [{ north: 1, south: 1 }], add: [{ north: 1, south: 2 }] }]);
    expect(moved.stages.map((st) => st.changes)).toEqual([[{ switchId: 'ocs-0', remove: [{ north: 1, south: 1 }], add: [{ north: 1, south: 2 }] }]]);
  });
});

describe('planStages at fleet scale', () => {
  it('stages a 320,000-circuit mesh over 1,000 OCS from empty (once a stack overflow: Math.max over every circuit)', () => {
    const spec = generateBlockFabric({ blocks: 320, uplinks: 2000, ocs: 1000, portsPerOcs: 320, name: 'scale' });
    const index = buildPortIndex(spec);
    const mesh = realiseMesh(index, randomDemand(320, 1000, rng(12)));
    const bySwitch = new Map<string, SwitchChange>();
    for (const c of mesh.crossConnects) {
      let e = bySwitch.get(c.switchId);
      if (!e) bySwitch.set(c.switchId, (e = { switchId: c.switchId, remove: [], add: [] }));
      e.add.push({ north: c.north, south: c.south });
    }
    const plan = planStages(index, [], [...bySwitch.values()]);
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0].changes).toHaveLength(1000);
    expect(plan.stages[0].changes.reduce((n, c) => n + c.add.length, 0)).toBe(320_000);
    // One entry per switch, in the order the switches first appear.
    expect(new Set(plan.stages[0].changes.map((c) => c.switchId)).size).toBe(1000);
  }, 60_000);
});
