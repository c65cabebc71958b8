import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError } from '../errors';
import { generateCubePod } from '../generators/cube-pod.generator';
import { buildFabricModel } from '../model/fabric-model';
import { planSlice } from '../slices/slice.planner';
import { verifyCrossConnects } from '../verify/cross-connects.verifier';
import { verifyDiff } from '../verify/diff.verifier';
import { verifyTorus } from '../verify/torus.verifier';
import { repairCube } from './cube.repair';

describe('repairCube', () => {
  it('replaces a failed cube of a full pod with a spare: 2 cross-connects per OCS, 96 in all, at the lower bound', () => {
    const spec = generateCubePod({ spareCubes: 4 });
    const model = buildFabricModel(spec);
    const slice = planSlice(model, { shape: [16, 16, 16] });
    spec.endpoints[17].health = 'failed';
    const plan = repairCube(buildFabricModel(spec), { failedCube: 'cube-17', current: slice.crossConnects, layout: slice.layout });
    expect(plan.spare).toBe('cube-64');
    expect(plan.metrics).toMatchObject({ modified: 96, lowerBound: 96, removed: 96, added: 96, touched: 192, switchesTouched: 48 });
    expect(plan.changes.every((c) => c.remove.length === 2 && c.add.length === 2)).toBe(true);
    expect(verifyDiff(slice.crossConnects, plan.crossConnects, plan.changes, plan.metrics)).toEqual([]);
    expect(verifyCrossConnects(spec, plan.crossConnects, { healthCheckOnly: plan.changes.flatMap((c) => c.add.map((p) => ({ switchId: c.switchId, ...p }))) })).toEqual([]);
    expect(verifyTorus(spec, plan.crossConnects, plan.layout!)).toEqual([]);
  });

  it('refuses a busy or failed spare with its rule', () => {
    const spec = generateCubePod({ cubes: 4, spareCubes: 1 });
    const model = buildFabricModel(spec);
    const a = planSlice(model, { shape: [4, 4, 8] });
    const b = planSlice(model, { shape: [4, 4, 8], current: a.crossConnects });
    const current = [...a.crossConnects, ...b.crossConnects];
    try {
      repairCube(model, { failedCube: 'cube-0', current, spare: 'cube-2' });
      expect.unreachable();
    } catch (e) {
      expect((e as TopologyInfeasibleError).rule).toBe('spare-unavailable');
    }
    spec.endpoints[4].health = 'failed';
    expect(() => repairCube(buildFabricModel(spec), { failedCube: 'cube-0', current })).toThrow(TopologyInfeasibleError);
  });

  it('property: any cube of any slice is repaired at the lower bound and the torus survives', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })),
        fc.nat(),
        fc.boolean(),
        (grid, pick, twisted) => {
          const shape = (twisted ? [grid[0], grid[0] * 2, grid[0] * 2] : grid).map((g) => g * 2) as [number, number, number];
          const n = (shape[0] * shape[1] * shape[2]) / 8;
          const spec = generateCubePod({ cubes: n, spareCubes: 1, linksPerFace: 4, portsPerOcs: n + 1 });
          const slice = planSlice(buildFabricModel(spec), { shape, twisted });
          const failed = slice.layout.cubes[pick % n];
          const plan = repairCube(buildFabricModel(spec), { failedCube: failed, current: slice.crossConnects, layout: slice.layout });
          // 4 OCS per dim; a plain dim one cube long has a single self-circuit through the failed cube
          // (in a twisted torus the short dim's wrap goes to another cube, so two circuits).
          const perOcs = shape.map((s) => (s === 2 && !twisted ? 1 : 2));
          expect(plan.metrics.modified).toBe(4 * (perOcs[0] + perOcs[1] + perOcs[2]));
          expect(verifyDiff(slice.crossConnects, plan.crossConnects, plan.changes, plan.metrics)).toEqual([]);
          expect(verifyTorus(spec, plan.crossConnects, plan.layout!)).toEqual([]);
          expect(verifyCrossConnects(spec, plan.crossConnects)).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});
