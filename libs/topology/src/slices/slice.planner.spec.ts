import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError } from '../errors';
import { generateCubePod } from '../generators/cube-pod.generator';
import { buildFabricModel } from '../model/fabric-model';
import type { CrossConnect, FabricSpec } from '../types';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyTorus } from '../verify/torus.verifier';
import { planSlice, type SliceRequest } from './slice.planner';

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof TopologyInfeasibleError) return e.rule;
    throw e;
  }
  return undefined;
}

function planAndVerify(spec: FabricSpec, req: SliceRequest) {
  const plan = planSlice(buildFabricModel(spec), req);
  const all = [...(req.current ?? []), ...plan.crossConnects];
  expect(verifyCrossConnects(spec, all, { healthCheckOnly: plan.crossConnects })).toEqual([]);
  expect(verifyTorus(spec, plan.crossConnects, plan.layout)).toEqual([]);
  return plan;
}

describe('planSlice on a TPU v4 pod', () => {
  const pod = generateCubePod();

  it('wires the full 16x16x16 pod with 3,072 cross-connects, 64 on each of the 48 OCS', () => {
    const plan = planAndVerify(pod, { shape: [16, 16, 16] });
    expect(plan.crossConnects).toHaveLength(3072);
    expect(plan.changes).toHaveLength(48);
    expect(plan.changes.every((c) => c.add.length === 64 && c.remove.length === 0)).toBe(true);
  });

  it.each([
    [[4, 4, 8], 2, 96],
    [[8, 8, 8], 8, 384],
    [[4, 4, 4], 1, 48],
  ] as const)('wires %j on %i cubes with %i cross-connects', (shape, cubes, ccs) => {
    const plan = planAndVerify(pod, { shape: [...shape] });
    expect(plan.layout.cubes).toHaveLength(cubes);
    expect(plan.crossConnects).toHaveLength(ccs);
  });

  it.each([
    [[4, 4, 8]],
    [[4, 8, 8]],
    [[8, 4, 4]],
    [[12, 12, 24]],
    [[8, 16, 16]],
  ] as const)('accepts twisted %j and the wiring is the twisted torus', (shape) => {
    const spec = shape[2] === 24 ? generateCubePod({ cubes: 54 }) : pod;
    const plan = planAndVerify(spec, { shape: [...shape], twisted: true });
    expect(plan.layout.twisted).toBe(true);
  });

  it('rejects twisted shapes outside 2A = B = C and 2A = 2B = C with rule twist-shape', () => {
    expect(ruleOf(() => planSlice(buildFabricModel(pod), { shape: [4, 8, 16], twisted: true }))).toBe('twist-shape');
    expect(ruleOf(() => planSlice(buildFabricModel(pod), { shape: [8, 8, 8], twisted: true }))).toBe('twist-shape');
    expect(ruleOf(() => planSlice(buildFabricModel(pod), { shape: [4, 8, 16] }))).toBeUndefined();
  });

  it('rejects shapes that are not whole cubes, and slices larger than the free cubes', () => {
    const model = buildFabricModel(pod);
    expect(ruleOf(() => planSlice(model, { shape: [2, 4, 4] }))).toBe('shape-multiple-of-cube');
    expect(ruleOf(() => planSlice(model, { shape: [16, 16, 20] }))).toBe('not-enough-free-cubes');
  });

  it('a twisted wiring is not accepted as a plain torus, and vice versa', () => {
    const plan = planSlice(buildFabricModel(pod), { shape: [4, 4, 8], twisted: true });
    expect(verifyTorus(pod, plan.crossConnects, { ...plan.layout, twisted: false }).length).toBeGreaterThan(0);
  });

  it('skips failed, spare and busy cubes and ports on failed OCS ports', () => {
    const spec = generateCubePod({ cubes: 8, spareCubes: 2 });
    spec.endpoints[0].health = 'failed';
    spec.switches[5].failedPorts = [{ side: 'south', port: 2 }];
    const first = planAndVerify(spec, { shape: [4, 4, 8] });
    expect(first.layout.cubes).toEqual(['cube-2', 'cube-3']);
    const second = planAndVerify(spec, { shape: [4, 4, 8], current: first.crossConnects });
    expect(second.layout.cubes).toEqual(['cube-4', 'cube-5']);
    expect(ruleOf(() => planSlice(buildFabricModel(spec), { shape: [4, 4, 4], cubes: ['cube-1'] }))).toBe('cube-unavailable');
  });
});

describe('planSlice property: any valid shape on a random small pod passes the verifier', () => {
  it('plain and twisted tori on pods with random failures', () => {
    const shapeArb = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map((g) => ({ grid: g, twisted: false })),
      fc.tuple(fc.integer({ min: 1, max: 2 }), fc.constantFrom<[number, number]>([1, 2], [2, 1]), fc.nat(2)).map(([k, [s, l], rot]) => {
        const g = [k * s, k * l, k * l];
        return { grid: [g[rot % 3], g[(rot + 1) % 3], g[(rot + 2) % 3]] as [number, number, number], twisted: true };
      }),
    );
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(40), { maxLength: 4 }), (shape, edge, failed) => {
        const need = shape.grid[0] * shape.grid[1] * shape.grid[2];
        const spec = generateCubePod({ cubes: need + 4, linksPerFace: edge * edge, portsPerOcs: need + 4 });
        for (const f of failed) if (f < spec.endpoints.length) spec.endpoints[f].health = 'failed';
        const req: SliceRequest = { shape: shape.grid.map((g) => g * edge) as [number, number, number], twisted: shape.twisted };
        const healthy = spec.endpoints.filter((e) => e.health !== 'failed').length;
        if (healthy < need) {
          expect(ruleOf(() => planSlice(buildFabricModel(spec), req))).toBe('not-enough-free-cubes');
          return;
        }
        const plan = planAndVerify(spec, req);
        expect(plan.crossConnects).toHaveLength(need * 3 * edge * edge);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('planSlice property: slices packed one after another never share a port or cube', () => {
  it('every accepted slice is its torus, and all of them together keep one owner per port', () => {
    const gridArb = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }));
    fc.assert(
      fc.property(fc.array(gridArb, { minLength: 1, maxLength: 6 }), (grids) => {
        const spec = generateCubePod({ cubes: 16, linksPerFace: 4, portsPerOcs: 16 });
        const model = buildFabricModel(spec);
        let current: CrossConnect[] = [];
        const used = new Set<string>();
        for (const g of grids) {
          const shape = g.map((x) => x * 2) as [number, number, number];
          const free = 16 - used.size;
          if (g[0] * g[1] * g[2] > free) {
            expect(ruleOf(() => planSlice(model, { shape, current }))).toBe('not-enough-free-cubes');
            continue;
          }
          const plan = planSlice(model, { shape, current });
          for (const c of plan.layout.cubes) {
            expect(used.has(c)).toBe(false);
            used.add(c);
          }
          expect(verifyTorus(spec, plan.crossConnects, plan.layout)).toEqual([]);
          current = [...current, ...plan.crossConnects];
        }
        expect(verifyCrossConnects(spec, current)).toEqual([]);
      }),
      { numRuns: 60, seed: 21 },
    );
  });
});
