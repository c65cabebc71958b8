import { describe, expect, it } from 'vitest';
import { TopologyInfeasibleError, TopologyNotFoundError, TopologySpecError } from '../errors';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { generateCubePod } from '../generators/cube-pod.generator';
import type { TorusLayout } from '../types';
import { parseIntent } from './parse-intent';
import { planIntent } from './plan-intent';

describe('planIntent: every intent kind gives a plan the verifier accepts', () => {
  const pod = generateCubePod({ cubes: 8, spareCubes: 1 });
  const blocks = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });
  // Each block uses 2 of its 4 ports per side, so a failed port or OCS has spares to move to.
  const ring = [0, 1, 2, 3].flatMap((i) => [
    { a: `block-${i}`, b: `block-${(i + 1) % 4}`, links: 1 },
    { a: `block-${i}`, b: `block-${(i + 3) % 4}`, links: 1 },
  ]);

  it('slice: a 4x4x8 torus on an empty pod, one cross-connect per cube on each of the 48 OCS', async () => {
    const plan = await planIntent(pod, { kind: 'slice', shape: [4, 4, 8] }, []);
    expect(plan.violations).toEqual([]);
    expect(plan).toMatchObject({ planVersion: 1, fabric: pod.name, intent: 'slice' });
    expect(plan.metrics).toMatchObject({ added: 96, removed: 0, switchesTouched: 48, ratioToLowerBound: 1, stages: 1, stageLowerBound: 1 });
    expect(plan.stages[0].changes).toEqual(plan.changes);
  });

  it('slice: placed beside the circuits of another slice, on other cubes', async () => {
    const first = await planIntent(pod, { kind: 'slice', shape: [4, 4, 8] }, [], { fullState: true });
    const second = await planIntent(pod, { kind: 'slice', shape: [4, 8, 8] }, first.crossConnects!);
    expect(second.violations).toEqual([]);
    expect((second.details.layout as TorusLayout).cubes).not.toContain('cube-0');
  });

  it('mesh then rewire: exact link counts, the rewire at or above its lower bound', async () => {
    const mesh = await planIntent(blocks, { kind: 'mesh', links: ring }, [], { fullState: true });
    expect(mesh.violations).toEqual([]);
    expect(mesh.metrics.added).toBe(8);
    const target = ring.map((d) => (d.a === 'block-0' && d.b === 'block-1' ? { ...d, b: 'block-2' } : d));
    const rewire = await planIntent(blocks, { kind: 'rewire', target }, mesh.crossConnects!);
    expect(rewire.violations).toEqual([]);
    expect(rewire.metrics.touched).toBeGreaterThanOrEqual(rewire.metrics.lowerBound.touched!);
  });

  it('mesh on a populated fabric is reached by minimal rewiring', async () => {
    const mesh = await planIntent(blocks, { kind: 'mesh', links: ring }, [], { fullState: true });
    const again = await planIntent(blocks, { kind: 'mesh', links: ring }, mesh.crossConnects!);
    expect(again.violations).toEqual([]);
    expect(again.details.method).toBe('minimal-rewiring');
    expect(again.metrics.touched).toBe(0);
  });

  it('traffic: a topology within the LP bound, verified', async () => {
    const demands = [
      { a: 'block-0', b: 'block-1', demand: 10 },
      { a: 'block-2', b: 'block-3', demand: 6 },
    ];
    const plan = await planIntent(blocks, { kind: 'traffic', demands, timeLimitMs: 5000 }, []);
    expect(plan.violations).toEqual([]);
    const d = plan.details as { objective: number; lpBound: number };
    expect(d.objective).toBeLessThanOrEqual(d.lpBound + 1e-9);
  }, 30_000);

  it('repair: a failed cube of a slice moves to the spare at the lower bound', async () => {
    const slice = await planIntent(pod, { kind: 'slice', shape: [8, 8, 8] }, [], { fullState: true });
    const layout = slice.details.layout as TorusLayout;
    const plan = await planIntent(pod, { kind: 'repair', failure: { type: 'cube', cube: 'cube-3', layout } }, slice.crossConnects!);
    expect(plan.violations).toEqual([]);
    expect(plan.metrics).toMatchObject({ modified: 96, ratioToLowerBound: 1 });
  });

  it('repair: a failed port and a failed OCS of a block fabric are rewired around', async () => {
    const mesh = await planIntent(blocks, { kind: 'mesh', links: ring }, [], { fullState: true });
    const c = mesh.crossConnects![0];
    const port = await planIntent(blocks, { kind: 'repair', failure: { type: 'port', switchId: c.switchId, side: 'north', port: c.north } }, mesh.crossConnects!);
    expect(port.violations).toEqual([]);
    const ocs = await planIntent(blocks, { kind: 'repair', failure: { type: 'ocs', switchId: c.switchId } }, mesh.crossConnects!, { fullState: true });
    expect(ocs.violations).toEqual([]);
    expect(ocs.crossConnects!.some((x) => x.switchId === c.switchId)).toBe(false);
  });
});

describe('planIntent: refusals are typed', () => {
  const pod = generateCubePod({ cubes: 8 });

  it('an untwistable shape is infeasible with rule twist-shape', async () => {
    const err = await planIntent(pod, { kind: 'slice', shape: [4, 8, 16], twisted: true }, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopologyInfeasibleError);
    expect((err as TopologyInfeasibleError).rule).toBe('twist-shape');
  });

  it('a mesh naming an endpoint the fabric lacks is not-found', async () => {
    const err = await planIntent(pod, { kind: 'mesh', links: [{ a: 'cube-0', b: 'block-9', links: 1 }] }, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopologyNotFoundError);
  });

  it('parseIntent names every bad field with its path', () => {
    const err = (() => {
      try {
        return parseIntent({ kind: 'mesh', links: [{ a: 'x', b: '', links: -1 }] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TopologySpecError);
    expect((err as TopologySpecError).issues.map((i) => i.path).sort()).toEqual(['links[0].b', 'links[0].links']);
  });

  it('a typed caller cannot skip validation: planIntent checks the intent first', async () => {
    const err = await planIntent(pod, { kind: 'slice', shape: [4, 4, 0] } as never, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopologySpecError);
    expect((err as TopologySpecError).issues[0].path).toBe('shape[2]');
  });
});
