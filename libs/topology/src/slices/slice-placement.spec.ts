import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError } from '../errors';
import { generateCubePods } from '../generators/cube-pods.generator';
import { buildFabricModel } from '../model/fabric-model';
import type { CrossConnect } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyTorus } from '../verify/torus.verifier';
import { planSlice } from './slice.planner';

// Two pods of 8 cubes of 2x2x2 chips (4 links per face: 12 OCS per pod).
const spec = generateCubePods({ pods: 2, cubes: 8, linksPerFace: 4, portsPerOcs: 16 });
const model = buildFabricModel(spec);
const podOf = (cube: string) => cube.split('-')[0];

describe('slice placement over several pods', () => {
  it('never spans two pods: 6 free in pod 0 and 8 in pod 1, an 8-cube slice goes to pod 1, verified', () => {
    const first = planSlice(model, { shape: [2, 2, 4], placement: 'first-fit' });
    expect(first.layout.cubes.map(podOf)).toEqual(['pod0', 'pod0']);
    const plan = planSlice(model, { shape: [4, 4, 4], current: first.crossConnects });
    expect(new Set(plan.layout.cubes.map(podOf))).toEqual(new Set(['pod1']));
    expect(verifyCrossConnects(spec, [...first.crossConnects, ...plan.crossConnects])).toEqual([]);
    expect(verifyTorus(spec, plan.crossConnects, plan.layout)).toEqual([]);
  });

  it('fragmentation-aware puts a small slice in the busy pod and keeps the empty pod whole; first-fit (the default without leases) does not', () => {
    let current: CrossConnect[] = planSlice(model, { shape: [2, 2, 4], cubes: ['pod1-cube-0', 'pod1-cube-1'] }).crossConnects;
    const small = planSlice(model, { shape: [2, 2, 2], current, placement: 'fragmentation-aware' });
    expect(podOf(small.layout.cubes[0])).toBe('pod1');
    expect(podOf(planSlice(model, { shape: [2, 2, 2], current }).layout.cubes[0])).toBe('pod0');
    current = [...current, ...small.crossConnects];
    // Pod 0 is still whole, so a full-pod slice fits.
    const whole = planSlice(model, { shape: [4, 4, 4], current });
    expect(new Set(whole.layout.cubes.map(podOf))).toEqual(new Set(['pod0']));
  });

  it('refuses with not-enough-free-cubes, saying a slice cannot span pods, when the free cubes are split', () => {
    const current = [
      ...planSlice(model, { shape: [2, 2, 4], cubes: ['pod0-cube-0', 'pod0-cube-1'] }).crossConnects,
      ...planSlice(model, { shape: [2, 2, 4], cubes: ['pod1-cube-0', 'pod1-cube-1'] }).crossConnects,
    ];
    try {
      planSlice(model, { shape: [4, 4, 4], current });
      expect.unreachable('12 free cubes over two pods hold no 8-cube slice');
    } catch (e) {
      expect(e).toBeInstanceOf(TopologyInfeasibleError);
      expect((e as TopologyInfeasibleError).rule).toBe('not-enough-free-cubes');
      expect((e as Error).message).toMatch(/12 free in all, at most 6 in one pod/);
    }
  });
});

describe('lease-aware slice placement', () => {
  it('puts a slice in the pod whose slices end about when it does, keeping the other pod for later', () => {
    const a = planSlice(model, { shape: [2, 2, 4], cubes: ['pod0-cube-0', 'pod0-cube-1'] });
    const b = planSlice(model, { shape: [2, 2, 4], cubes: ['pod1-cube-0', 'pod1-cube-1'] });
    const current = [...a.crossConnects, ...b.crossConnects];
    const cubeLeases = { 'pod0-cube-0': 100, 'pod0-cube-1': 100, 'pod1-cube-0': 500, 'pod1-cube-1': 500 };
    const late = planSlice(model, { shape: [2, 2, 2], current, leaseEndsAt: 480, cubeLeases });
    expect(podOf(late.layout.cubes[0])).toBe('pod1');
    const early = planSlice(model, { shape: [2, 2, 2], current, leaseEndsAt: 90, cubeLeases });
    expect(podOf(early.layout.cubes[0])).toBe('pod0');
    expect(verifyTorus(spec, late.crossConnects, late.layout)).toEqual([]);
  });
});
