import { HttpException } from '@nestjs/common';
import { generateCubePod, type TorusLayout } from '@lightpath/topology';
import type { ActualState, FabricSpecStore, FabricState, StoredTopology, TopologyStore } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { FabricSpecService } from './fabric-spec.service';
import { TopologyPlanner } from './topology-planner.service';

const pod = generateCubePod({ cubes: 4 });

/** The planner's collaborators in memory: one stored spec, actual state per switch, saved topologies. */
function planner(actual: Record<string, Partial<ActualState>> = {}) {
  const saved = new Map<string, StoredTopology>();
  const specStore = {
    version: async () => 7,
    get: async () => ({ version: 7, spec: pod, storedAt: 1, storedBy: 'op' }),
  } as unknown as FabricSpecStore;
  const state = {
    actual: { get: async (id: string) => ({ crossConnects: [], ports: [], ...actual[id] }) },
  } as unknown as FabricState;
  const topologies = {
    save: async (t: StoredTopology) => void saved.set(t.name, t),
    get: async (name: string) => saved.get(name),
  } as unknown as TopologyStore;
  return { svc: new TopologyPlanner(state, topologies, new FabricSpecService(specStore)), saved };
}

const slice = { kind: 'slice' as const, shape: [4, 4, 4] as [number, number, number] };

describe('TopologyPlanner', () => {
  it('plans against the actual cross-connects and keeps the plan with the spec version it used', async () => {
    // ocs-x-0 north 1 is cube-0's +x face link 0: cube-0 is in use, so the slice goes to cube-1.
    const { svc, saved } = planner({ 'ocs-x-0': { crossConnects: [{ north: 1, south: 1, lossDb: 1, since: 0 }] } });
    const t = await svc.plan('job', slice, 'sched');
    expect(t).toMatchObject({ name: 'job', specVersion: 7, plannedBy: 'sched', currentCrossConnects: 1, dryRun: true });
    expect((t.plan.details.layout as TorusLayout).cubes).toEqual(['cube-1']);
    expect(t.plan.violations).toEqual([]);
    expect(saved.get('job')).toBe(t);
  });

  it('keeps new circuits off ports a switch reports failed (I2)', async () => {
    expect(((await planner().svc.plan('job', slice, 'sched')).plan.details.layout as TorusLayout).cubes).toEqual(['cube-0']);
    // South 1 of ocs-y-3 is cube-0's -y face link 3.
    const { svc } = planner({ 'ocs-y-3': { ports: [{ side: 'south', port: 1, health: 'failed', powerDbm: null }] } });
    const t = await svc.plan('job', slice, 'sched');
    expect((t.plan.details.layout as TorusLayout).cubes).toEqual(['cube-1']);
  });

  it('refuses with 409 FABRIC_SPEC_MISMATCH when a switch holds a circuit on a port the spec does not have', async () => {
    const { svc, saved } = planner({ 'ocs-z-0': { crossConnects: [{ north: 200, south: 1, lossDb: 1, since: 0 }] } });
    const err = await svc.plan('job', slice, 'sched').catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(409);
    expect((err as HttpException).getResponse()).toMatchObject({ code: 'FABRIC_SPEC_MISMATCH', message: expect.stringMatching(/ocs-z-0 .* north 200/) });
    expect(saved.size).toBe(0);
  });

  it('answers 404 TOPOLOGY_NOT_FOUND for a name never planned', async () => {
    const err = await planner().svc.get('nope').catch((e: unknown) => e);
    expect((err as HttpException).getResponse()).toMatchObject({ statusCode: 404, code: 'TOPOLOGY_NOT_FOUND' });
  });
});
