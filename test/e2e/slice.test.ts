import { rmSync } from 'node:fs';
import { generateCubePod } from '@lightpath/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectFabricInvariants, portMap, request, awaitStaged } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

describe('a scheduler applies torus slices on a cube pod, end to end', () => {
  // A small pod: 8 cubes of 2x2x2 chips (4 links per face), so 12 OCS (3 dimensions x 4 link
  // indices), each with one north and one south port per cube. Shapes are in chips.
  const spec = generateCubePod({ cubes: 8, linksPerFace: 4, portsPerOcs: 136 });
  const switches = spec.switches.map((s) => s.id);
  let fabric: Fabric;
  let api: string;

  beforeAll(async () => {
    fabric = await createFabric('slice');
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-pod', switches);
    await awaitSwitches(api, switches);
    await request(api).put('/v1/fabric').send(spec).expect(200);
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  const circuits = async () => (await Promise.all(switches.map((s) => portMap(api, s)))).map((m) => m.active.length);

  it('a 2x2x4 slice (2 cubes) is planned, staged and applied: 2 cross-connects on each OCS, wrap-arounds closed', async () => {
    const res = await request(api).post('/v1/topologies/job-a').send({ intent: { kind: 'slice', shape: [2, 2, 4] } }).expect(202);
    expect(res.body.plan.plan.violations).toEqual([]);
    const op = await awaitStaged(api, res.body.operation.id);
    expect(op.status).toBe('succeeded');
    expect(await circuits()).toEqual(switches.map(() => 2));
  });

  it('a second slice lands on other, free cubes and a shape the pod cannot hold is refused with its rule', async () => {
    const res = await request(api).post('/v1/topologies/job-b').send({ intent: { kind: 'slice', shape: [2, 4, 4] } }).expect(202);
    expect((await awaitStaged(api, res.body.operation.id)).status).toBe('succeeded');
    expect(await circuits()).toEqual(switches.map(() => 6));
    const full = await request(api).post('/v1/topologies/job-c').send({ intent: { kind: 'slice', shape: [4, 4, 4] } }).expect(422);
    expect(full.body.rule).toBe('not-enough-free-cubes');
    expect(await circuits()).toEqual(switches.map(() => 6));
  });
});
