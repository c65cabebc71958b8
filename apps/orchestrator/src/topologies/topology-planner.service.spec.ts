import { HttpException } from '@nestjs/common';
import { generateBlockFabric, generateCubePod, type FabricSpec, type TorusLayout } from '@lightpath/topology';
import type { Principal } from '../auth/principal';
import type { ActualState, FabricSpecStore, FabricState, StoredTopology, TopologyStore } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { FabricGraph } from '../fabric/fabric-graph';
import { FabricSpecService } from './fabric-spec.service';
import { TopologyPlanner } from './topology-planner.service';

const pod = generateCubePod({ cubes: 4 });

/** The planner's collaborators in memory: one stored spec, actual state per switch, saved topologies. */
function planner(
  actual: Record<string, Partial<ActualState>> = {},
  spec: FabricSpec = pod,
  owners: Record<string, Record<number, string>> = {},
  drained: string[] = [],
) {
  const saved = new Map<string, StoredTopology>();
  const specStore = {
    version: async () => 7,
    get: async () => ({ version: 7, spec, storedAt: 1, storedBy: 'op' }),
  } as unknown as FabricSpecStore;
  // The in-memory model the planner reads the fabric from, as acks and snapshots fill it.
  const graph = new FabricGraph();
  for (const sw of spec.switches) {
    graph.upsertSwitch({ switchId: sw.id, agentId: 'a', northPorts: sw.northPorts, southPorts: sw.southPorts, driver: 'mems-sim', profile: 'p', capabilities: [], registeredAt: 0, lastSeen: 0, powered: true, consuming: true, drained: drained.includes(sw.id) });
    graph.replaceActual(sw.id, actual[sw.id]?.crossConnects ?? [], actual[sw.id]?.ports ?? []);
  }
  const state = {
    owners: { ofSwitches: async (ids: string[]) => new Map(ids.map((id) => [id, new Map(Object.entries(owners[id] ?? {}).map(([n, o]) => [Number(n), o]))])) },
  } as unknown as FabricState;
  const topologies = {
    // In memory, the name check of the store's script (test/integration/topology-stores.test.ts pins the script down).
    save: async (t: StoredTopology, { replaceAny = false }: { replaceAny?: boolean } = {}) => {
      const held = saved.get(t.name);
      if (held && held.tenant !== t.tenant && !replaceAny) return false;
      saved.set(t.name, t);
      return true;
    },
    get: async (name: string) => saved.get(name),
  } as unknown as TopologyStore;
  return { svc: new TopologyPlanner(state, topologies, new FabricSpecService(specStore), graph), saved };
}

const SCHED = { name: 'sched', tenant: 'team-a' };
const who = (role: Principal['role'], tenant: string): Principal => ({ name: 'x', role, tenant, via: 'api-token' });
const slice = { kind: 'slice' as const, shape: [4, 4, 4] as [number, number, number] };

describe('TopologyPlanner', () => {
  it('plans against the actual cross-connects and keeps the plan with the spec version it used', async () => {
    // ocs-x-0 north 1 is cube-0's +x face link 0: cube-0 is in use, so the slice goes to cube-1.
    const { svc, saved } = planner({ 'ocs-x-0': { crossConnects: [{ north: 1, south: 1, lossDb: 1, since: 0 }] } });
    const t = await svc.plan('job', slice, SCHED);
    expect(t).toMatchObject({ name: 'job', specVersion: 7, plannedBy: 'sched', currentCrossConnects: 1, dryRun: true });
    expect((t.plan.details.layout as TorusLayout).cubes).toEqual(['cube-1']);
    expect(t.plan.violations).toEqual([]);
    expect(saved.get('job')).toBe(t);
  });

  it('keeps new circuits off ports a switch reports failed (I2)', async () => {
    expect(((await planner().svc.plan('job', slice, SCHED)).plan.details.layout as TorusLayout).cubes).toEqual(['cube-0']);
    // South 1 of ocs-y-3 is cube-0's -y face link 3.
    const { svc } = planner({ 'ocs-y-3': { ports: [{ side: 'south', port: 1, health: 'failed', powerDbm: null }] } });
    const t = await svc.plan('job', slice, SCHED);
    expect((t.plan.details.layout as TorusLayout).cubes).toEqual(['cube-1']);
  });

  it('refuses with 409 FABRIC_SPEC_MISMATCH when a switch holds a circuit on a port the spec does not have', async () => {
    const { svc, saved } = planner({ 'ocs-z-0': { crossConnects: [{ north: 200, south: 1, lossDb: 1, since: 0 }] } });
    const err = await svc.plan('job', slice, SCHED).catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(409);
    expect((err as HttpException).getResponse()).toMatchObject({ code: 'FABRIC_SPEC_MISMATCH', message: expect.stringMatching(/ocs-z-0 .* north 200/) });
    expect(saved.size).toBe(0);
  });

  it('answers 404 TOPOLOGY_NOT_FOUND for a name never planned', async () => {
    const err = await planner().svc.get('nope', who('viewer', 'team-a')).catch((e: unknown) => e);
    expect((err as HttpException).getResponse()).toMatchObject({ statusCode: 404, code: 'TOPOLOGY_NOT_FOUND' });
  });

  it("answers another tenant's topology exactly like a missing one, and shows it to its tenant and to operators", async () => {
    const { svc } = planner();
    await svc.plan('job', slice, SCHED);
    const missing = (await svc.get('nope', who('viewer', 'team-b')).catch((e: unknown) => e)) as HttpException;
    const hidden = (await svc.get('job', who('scheduler', 'team-b')).catch((e: unknown) => e)) as HttpException;
    expect(hidden.getStatus()).toBe(404);
    expect(hidden.getResponse()).toMatchObject({ code: 'TOPOLOGY_NOT_FOUND', message: expect.stringContaining('no topology named job') });
    expect((missing.getResponse() as { code: string }).code).toBe('TOPOLOGY_NOT_FOUND');
    expect((await svc.get('job', who('launcher', 'team-a'))).tenant).toBe('team-a');
    expect((await svc.get('job', who('operator', 'infra'))).name).toBe('job');
  });

  it("refuses with 409 TOPOLOGY_NAME_TAKEN to replan another tenant's name, and keeps that tenant's plan", async () => {
    const { svc, saved } = planner();
    const mine = await svc.plan('job', slice, SCHED);
    const err = (await svc.plan('job', slice, { name: 'other', tenant: 'team-b' }).catch((e: unknown) => e)) as HttpException;
    expect(err.getStatus()).toBe(409);
    expect(err.getResponse()).toMatchObject({ code: 'TOPOLOGY_NAME_TAKEN', message: expect.stringMatching(/choose another name/) });
    expect(saved.get('job')).toBe(mine);
    await svc.plan('job', slice, { name: 'ops', tenant: 'infra', replaceAny: true });
    expect(saved.get('job')?.plannedBy).toBe('ops');
  });
});

describe('TopologyPlanner and circuit owners (item 15)', () => {
  // The demo's fabric: on every OCS block b has north port b+1 and south port b+1.
  const blocks = generateBlockFabric({ name: 'demo', blocks: 8, uplinks: 8, ocs: 4, portsPerOcs: 16 });
  const cc = (north: number, south: number) => ({ north, south, lossDb: 1, since: 0 });
  const meshA = { kind: 'mesh' as const, links: [{ a: 'block-0', b: 'block-1', links: 2 }, { a: 'block-2', b: 'block-3', links: 1 }] };

  it("item 15: a mesh intent leaves an operator's cross-connect alone (planned around it, nothing displaced)", async () => {
    const { svc } = planner({ 'ocs-1': { crossConnects: [cc(1, 5)] } }, blocks);
    const t = await svc.plan('mesh-a', meshA, SCHED, { owner: 'topology:mesh-a' });
    expect(t.displaces).toEqual([]);
    expect(t.plan.metrics).toMatchObject({ removed: 0, added: 3 });
    expect(t.plan.changes.flatMap((c) => c.add.map((p) => `${c.switchId} N${p.north}`))).not.toContain('ocs-1 N1');
    // Planned over the whole fabric (no owner), the same intent tears the operator's circuit down.
    expect((await svc.plan('mesh-a', meshA, SCHED)).plan.metrics.removed).toBe(1);
  });

  it('puts no new circuit on a drained switch (I2), and plans around a patch on an unfibred port instead of failing', async () => {
    // ocs-2 north 12 has no fibre (8 blocks use ports 1-8); its south 1 is block-0's.
    const { svc } = planner({ 'ocs-2': { crossConnects: [cc(12, 1)] } }, blocks, {}, ['ocs-0']);
    const t = await svc.plan('mesh-a', meshA, SCHED, { owner: 'topology:mesh-a' });
    expect(t.plan.violations).toEqual([]);
    expect(t.plan.metrics).toMatchObject({ removed: 0, added: 3 });
    const added = t.plan.changes.flatMap((c) => c.add.map((p) => ({ switchId: c.switchId, ...p })));
    expect(added.filter((p) => p.switchId === 'ocs-0')).toEqual([]);
    expect(added.filter((p) => p.switchId === 'ocs-2' && p.south === 1)).toEqual([]);
  });

  it('item 15: a topology re-plans its own circuits only', async () => {
    const { svc } = planner({ 'ocs-0': { crossConnects: [cc(1, 2), cc(3, 4)] }, 'ocs-1': { crossConnects: [cc(1, 5)] } }, blocks, { 'ocs-0': { 1: 'topology:mesh-a', 3: 'topology:mesh-a' } });
    const t = await svc.plan('mesh-a', { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }] }, SCHED, { owner: 'topology:mesh-a' });
    expect(t.displaces).toEqual([]);
    expect(t.plan.changes).toEqual([{ switchId: 'ocs-0', remove: [{ north: 3, south: 4 }], add: [] }]);
  });

  it('item 15: when no plan goes around them, the circuits its new ones land on are displaced and listed; never a reservation\'s', async () => {
    // block-5's north port on every OCS carries a manual circuit to block-6.
    const busy = Object.fromEntries(['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'].map((id) => [id, { crossConnects: [cc(6, 7)] }]));
    const { svc } = planner(busy, blocks);
    const t = await svc.plan('mesh-b', { kind: 'mesh', links: [{ a: 'block-5', b: 'block-7', links: 1 }] }, SCHED, { owner: 'topology:mesh-b' });
    expect(t.displaces).toHaveLength(1);
    expect(t.displaces[0]).toMatchObject({ owner: 'manual', circuits: [{ north: 6, south: 7 }] });
    expect(t.plan.metrics).toMatchObject({ removed: 1, added: 1 });

    const reserved = planner(busy, blocks, { 'ocs-0': { 6: 'reservation:r1' }, 'ocs-1': { 6: 'reservation:r1' }, 'ocs-2': { 6: 'reservation:r2' }, 'ocs-3': { 6: 'reservation:r2' } });
    const err = await reserved.svc.plan('mesh-b', { kind: 'mesh', links: [{ a: 'block-5', b: 'block-7', links: 1 }] }, SCHED, { owner: 'topology:mesh-b' }).catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(422);
  });
});
