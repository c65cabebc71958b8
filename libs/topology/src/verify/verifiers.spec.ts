import { describe, expect, it } from 'vitest';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { generateCubePod } from '../generators/cube-pod.generator';
import type { CrossConnect, FabricSpec } from '../types';
import { verifyCrossConnects } from './cross-connects.verifier';
import { countChanges, verifyDiff } from './diff.verifier';
import { verifyLinkCounts } from './link-counts.verifier';
import { verifyStages } from './stages.verifier';
import { verifyTorus } from './torus.verifier';
import { INVARIANTS } from './violation';

const invariants = (vs: { invariant: string }[]) => [...new Set(vs.map((v) => v.invariant))];

describe('verifyCrossConnects', () => {
  const spec: FabricSpec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 4 });
  spec.switches[1].failedPorts = [{ side: 'north', port: 1 }];
  spec.endpoints[2].health = 'failed';

  it('accepts valid cross-connects', () => {
    expect(verifyCrossConnects(spec, [{ switchId: 'ocs-0', north: 1, south: 2 }, { switchId: 'ocs-0', north: 2, south: 1 }])).toEqual([]);
  });

  it('flags a port in two cross-connects (I1)', () => {
    const v = verifyCrossConnects(spec, [{ switchId: 'ocs-0', north: 1, south: 2 }, { switchId: 'ocs-0', north: 1, south: 1 }]);
    expect(invariants(v)).toEqual([INVARIANTS.onePortOneOwner]);
  });

  it('flags unknown switches and ports outside the switch', () => {
    const v = verifyCrossConnects(spec, [{ switchId: 'nope', north: 1, south: 1 }, { switchId: 'ocs-0', north: 5, south: 1 }]);
    expect(v.map((x) => x.invariant)).toEqual([INVARIANTS.northToSouth, INVARIANTS.northToSouth]);
  });

  it('flags an unfibred port and unhealthy ports or endpoints, health only where asked', () => {
    expect(invariants(verifyCrossConnects(spec, [{ switchId: 'ocs-0', north: 4, south: 1 }]))).toEqual([INVARIANTS.fibres]);
    const bad: CrossConnect[] = [{ switchId: 'ocs-1', north: 1, south: 3 }];
    expect(verifyCrossConnects(spec, bad).map((x) => x.invariant)).toEqual([INVARIANTS.health, INVARIANTS.health]);
    expect(verifyCrossConnects(spec, bad, { healthCheckOnly: [] })).toEqual([]);
  });
});

describe('verifyCrossConnects wording', () => {
  it('words each violation kind as it always has', () => {
    const spec: FabricSpec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 4 });
    spec.switches[1].failedPorts = [{ side: 'north', port: 1 }];
    spec.switches[1].health = 'failed';
    spec.endpoints[1].health = 'failed';
    const ccs: CrossConnect[] = [
      { switchId: 'nope', north: 1, south: 1 },
      { switchId: 'ocs-0', north: 5, south: 1.5 },
      { switchId: 'ocs-0', north: 1, south: 2 },
      { switchId: 'ocs-0', north: 1, south: 2 },
      { switchId: 'ocs-0', north: 4, south: 1 },
      { switchId: 'ocs-1', north: 1, south: 2 },
    ];
    expect(verifyCrossConnects(spec, ccs).map((v) => [v.invariant, v.message, v.switchId, v.endpoint])).toEqual([
      [INVARIANTS.northToSouth, 'cross-connect nope 1->1 names an unknown switch', 'nope', undefined],
      [INVARIANTS.northToSouth, 'cross-connect ocs-0 5->1.5 is outside north 1..4 / south 1..4', 'ocs-0', undefined],
      [INVARIANTS.onePortOneOwner, 'north port 1 of ocs-0 is in more than one cross-connect (ocs-0 1->2)', 'ocs-0', undefined],
      [INVARIANTS.onePortOneOwner, 'south port 2 of ocs-0 is in more than one cross-connect (ocs-0 1->2)', 'ocs-0', undefined],
      [INVARIANTS.fibres, 'cross-connect ocs-0 4->1 has an unfibred north port', 'ocs-0', undefined],
      [INVARIANTS.health, 'cross-connect ocs-0 1->2 reaches failed endpoint block-1', 'ocs-0', 'block-1'],
      [INVARIANTS.health, 'cross-connect ocs-0 1->2 reaches failed endpoint block-1', 'ocs-0', 'block-1'],
      [INVARIANTS.health, 'cross-connect ocs-1 1->2 is on a switch that is not healthy', 'ocs-1', undefined],
      [INVARIANTS.health, 'cross-connect ocs-1 1->2 uses a failed port', 'ocs-1', undefined],
      [INVARIANTS.health, 'cross-connect ocs-1 1->2 reaches failed endpoint block-1', 'ocs-1', 'block-1'],
    ]);
  });
});

describe('verifyLinkCounts', () => {
  const spec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 4 });
  const ccs: CrossConnect[] = [
    { switchId: 'ocs-0', north: 1, south: 2 },
    { switchId: 'ocs-1', north: 2, south: 1 },
    { switchId: 'ocs-1', north: 3, south: 3 },
  ];

  it('counts unordered pairs exactly, self-links included', () => {
    expect(verifyLinkCounts(spec, ccs, [{ a: 'block-1', b: 'block-0', links: 2 }, { a: 'block-2', b: 'block-2', links: 1 }])).toEqual([]);
  });

  it('flags a missing, a short and an unrequested pair', () => {
    const v = verifyLinkCounts(spec, ccs, [{ a: 'block-0', b: 'block-1', links: 1 }, { a: 'block-0', b: 'block-2', links: 1 }]);
    expect(v).toHaveLength(3);
    expect(invariants(v)).toEqual([INVARIANTS.linkCounts]);
  });

  it('words each mismatch as it always has, pairs in string order when undirected', () => {
    const want = [{ a: 'block-1', b: 'block-0', links: 1 }, { a: 'block-0', b: 'block-2', links: 1 }, { a: 'block-9', b: 'block-0', links: 0 }, { a: 'x', b: 'block-0', links: 2 }];
    expect(verifyLinkCounts(spec, ccs, want).map((v) => [v.endpoint, v.message])).toEqual([
      ['block-0', 'block-0 <-> block-1: 2 link(s), expected 1'],
      ['block-0', 'block-0 <-> block-2: 0 link(s), expected 1'],
      ['block-0', 'block-0 <-> x: 0 link(s), expected 2'],
      ['block-2', 'block-2 <-> block-2: 1 link(s), expected 0'],
    ]);
    expect(verifyLinkCounts(spec, ccs, want, { directed: true }).map((v) => v.message)).toEqual([
      'block-0 -> block-2: 0 link(s), expected 1',
      'x -> block-0: 0 link(s), expected 2',
      'block-0 -> block-1: 1 link(s), expected 0',
      'block-2 -> block-2: 1 link(s), expected 0',
    ]);
  });

  it('counts ordered pairs when directed', () => {
    expect(verifyLinkCounts(spec, ccs, [{ a: 'block-0', b: 'block-1', links: 1 }, { a: 'block-1', b: 'block-0', links: 1 }, { a: 'block-2', b: 'block-2', links: 1 }], { directed: true })).toEqual([]);
  });
});

describe('verifyTorus', () => {
  const spec = generateCubePod({ cubes: 2, linksPerFace: 4, portsPerOcs: 4 });
  // Hand-wired 2x2x4 torus on two 2-chip cubes stacked in z: x and y wrap each cube onto itself.
  const ring: CrossConnect[] = [];
  for (let k = 0; k < 4; k++) {
    for (const c of [1, 2]) {
      ring.push({ switchId: `ocs-x-${k}`, north: c, south: c }, { switchId: `ocs-y-${k}`, north: c, south: c });
    }
    ring.push({ switchId: `ocs-z-${k}`, north: 1, south: 2 }, { switchId: `ocs-z-${k}`, north: 2, south: 1 });
  }
  const layout = { shape: [2, 2, 4] as [number, number, number], twisted: false, cubeEdge: 2, cubes: ['cube-0', 'cube-1'] };

  it('accepts a hand-wired torus', () => {
    expect(verifyTorus(spec, ring, layout)).toEqual([]);
  });

  it('flags a missing circuit and a swapped circuit', () => {
    expect(invariants(verifyTorus(spec, ring.slice(1), layout))).toEqual([INVARIANTS.torus]);
    const swapped = [...ring];
    swapped[0] = { switchId: 'ocs-x-0', north: 1, south: 2 };
    swapped[2] = { switchId: 'ocs-x-0', north: 2, south: 1 };
    expect(verifyTorus(spec, swapped, layout).length).toBeGreaterThan(0);
  });

  it('flags a wrong layout instead of throwing', () => {
    expect(verifyTorus(spec, ring, { ...layout, cubes: ['cube-0'] })).toHaveLength(1);
    expect(verifyTorus(spec, ring, { ...layout, twisted: true, shape: [2, 2, 2] })).toHaveLength(1);
  });
});

describe('verifyDiff', () => {
  const before: CrossConnect[] = [{ switchId: 's', north: 1, south: 1 }, { switchId: 's', north: 2, south: 2 }];
  const after: CrossConnect[] = [{ switchId: 's', north: 1, south: 2 }, { switchId: 's', north: 2, south: 1 }];
  const changes = [{ switchId: 's', remove: [{ north: 1, south: 1 }, { north: 2, south: 2 }], add: [{ north: 1, south: 2 }, { north: 2, south: 1 }] }];

  it('accepts a change set that takes before to after with honest counts', () => {
    expect(countChanges(changes)).toEqual({ removed: 2, added: 2, touched: 4, modified: 2 });
    expect(verifyDiff(before, after, changes, { modified: 2, touched: 4 })).toEqual([]);
  });

  it('flags a wrong claimed count, a missing removal and a no-op', () => {
    expect(verifyDiff(before, after, changes, { modified: 1 })).toHaveLength(1);
    expect(verifyDiff(before, after, [{ switchId: 's', remove: [{ north: 1, south: 1 }], add: [{ north: 1, south: 2 }] }]).length).toBeGreaterThan(0);
    const noop = [{ switchId: 's', remove: [{ north: 1, south: 1 }], add: [{ north: 1, south: 1 }] }];
    expect(invariants(verifyDiff(before, before, noop))).toEqual([INVARIANTS.diff]);
  });
});

describe('verifyDiff wording', () => {
  it('words each violation kind as it always has', () => {
    const before: CrossConnect[] = [{ switchId: 's', north: 1, south: 1 }, { switchId: 's', north: 2, south: 2 }];
    const changes = [
      { switchId: 's', remove: [{ north: 3, south: 3 }, { north: 2, south: 2 }], add: [{ north: 2, south: 2 }, { north: 1, south: 1 }] },
      { switchId: 't', remove: [], add: [{ north: 1, south: 9 }] },
    ];
    const after: CrossConnect[] = [{ switchId: 's', north: 1, south: 1 }, { switchId: 'u', north: 4, south: 4 }];
    expect(verifyDiff(before, after, changes, { added: 1 }).map((v) => [v.message, v.switchId])).toEqual([
      ['removes s 3->3, which is not present', 's'],
      ['removes and re-adds s 2->2 (a no-op counted as change)', 's'],
      ['adds s 1->1, which is already present', 's'],
      ['after applying the changes s 2 2 is present but not in the target', undefined],
      ['after applying the changes t 1 9 is present but not in the target', undefined],
      ['after applying the changes u 4 4 is missing from the result', undefined],
      ['claims added = 1 but the change set has 3', undefined],
    ]);
  });
});

describe('verifyStages', () => {
  const spec = generateBlockFabric({ blocks: 2, uplinks: 16, ocs: 4, portsPerOcs: 4 });
  // block-0 <-> block-1 has 4 links before, on ocs-0..3 (north port 1 -> south port 3).
  const before: CrossConnect[] = [0, 1, 2, 3].map((m) => ({ switchId: `ocs-${m}`, north: 1, south: 3 }));
  const move = (m: number) => ({ switchId: `ocs-${m}`, remove: [{ north: 1, south: 3 }], add: [{ north: 1, south: 4 }] });
  const after = [0, 1, 2, 3].map((m) => ({ switchId: `ocs-${m}`, north: 1, south: 4 }));
  const changes = [0, 1, 2, 3].map(move);

  it('accepts one link of a 4-link pair per stage at 25%', () => {
    const stages = changes.map((c, i) => ({ index: i, changes: [c] }));
    expect(verifyStages(spec, before, stages, { changes, after })).toEqual([]);
  });

  it('flags a stage that takes down half the pair (I7) and stages that do not add up', () => {
    const stages = [
      { index: 0, changes: [changes[0], changes[1]] },
      { index: 1, changes: [changes[2]] },
    ];
    const v = verifyStages(spec, before, stages, { changes, after });
    expect(invariants(v)).toEqual([INVARIANTS.capacityGuard, INVARIANTS.diff]);
  });

  it('words each violation kind as it always has', () => {
    const stages = [
      { index: 0, changes: [changes[0], changes[1], { switchId: 'ocs-0', remove: [{ north: 2, south: 2 }], add: [{ north: 1, south: 1 }] }] },
      { index: 1, changes: [changes[2]] },
    ];
    const messages = verifyStages(spec, before, stages, { changes, after }).map((v) => `${v.invariant}: ${v.message}`);
    expect(messages).toEqual([
      'D diff consistent: stage 0 removes ocs-0 2->2, which is not present',
      'I7 capacity guard: stage 0 takes down 2 links of block-0 <-> block-1 at once, allowance 1',
      'I1 one owner per port: stage 0 adds ocs-0 1->1 but ocs-0|n|1 is held by ocs-0|1|4',
      'D diff consistent: change -ocs-3|1|3 appears 0 time(s) in the stages, 1 in the plan',
      'D diff consistent: change +ocs-3|1|4 appears 0 time(s) in the stages, 1 in the plan',
      'D diff consistent: change -ocs-0|2|2 appears 1 time(s) in the stages, 0 in the plan',
      'D diff consistent: change +ocs-0|1|1 appears 1 time(s) in the stages, 0 in the plan',
      'D diff consistent: after the last stage ocs-3|1|3 is present but not in the target',
      'D diff consistent: after the last stage ocs-0|1|1 is present but not in the target',
      'D diff consistent: after the last stage ocs-3|1|4 is missing',
    ]);
    // Taken down one link at a time, put back only at the end: the second stage leaves too few.
    const down = (m: number) => ({ switchId: `ocs-${m}`, remove: [{ north: 1, south: 3 }], add: [] });
    const back = { switchId: 'ocs-0', remove: [], add: [{ north: 1, south: 3 }] };
    const slow = [{ index: 0, changes: [down(0)] }, { index: 1, changes: [down(1)] }, { index: 2, changes: [back, { ...back, switchId: 'ocs-1' }] }];
    expect(verifyStages(spec, before, slow).map((v) => `${v.invariant}: ${v.message}`)).toEqual(['I7 capacity guard: stage 1 leaves block-0 <-> block-1 with 2 links, below 3']);
  });

  it('flags an addition whose port is still held in its stage', () => {
    const early = [{ index: 0, changes: [{ switchId: 'ocs-0', remove: [], add: [{ north: 1, south: 4 }] }] }];
    expect(invariants(verifyStages(spec, before, early))).toEqual([INVARIANTS.onePortOneOwner]);
  });
});
