import { rmSync } from 'node:fs';
import type { StagedOperation } from '@lightpath/contracts';
import { waitFor, type AppProcess } from '@lightpath/testing';
import { generateBlockFabric } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, expectConverged, portMap, request, expectFabricInvariants, awaitStaged } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';


const SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];

describe('operations engine end to end: drains as staged multi-switch operations on real Kafka and Redis', () => {
  let fabric: Fabric;
  let api: string;
  let spareAgent: AppProcess;
  const linksOf = async () => {
    // Logical links as block pairs: on this fabric north port p and south port q of any OCS belong to blocks p-1 and q-1.
    const maps = await Promise.all(SWITCHES.map((s) => portMap(api, s)));
    return maps.flatMap((m) => m.active.map((c) => `${c.north - 1}>${c.south - 1}`)).sort();
  };

  beforeAll(async () => {
    // Generous: a loaded CI machine must not turn a slow ack into a rollback; the rollback case waits it out.
    fabric = await createFabric('staged', { COMMAND_TIMEOUT_MS: '8000' });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-main', ['ocs-0']);
    spareAgent = await fabric.startAgent('agent-spare', ['ocs-1', 'ocs-2', 'ocs-3']);
    await awaitSwitches(api, SWITCHES);
    // 4 blocks, one north and one south port on each of 4 OCS of 136 ports (ports b+1).
    await request(api).put('/v1/fabric').send(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })).expect(200);
    const made = await request(api).post('/v1/switches/ocs-0/cross-connects').send({ crossConnects: [{ north: 1, south: 2 }, { north: 3, south: 4 }] }).expect(202);
    const setup = await awaitOperation(api, made.body.id);
    expect(setup.status, setup.reason).toBe('succeeded');
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('a stage whose agent was killed times out and its switches are put back as they were before it', async () => {
    await spareAgent.kill();
    fabric.agents.splice(fabric.agents.indexOf(spareAgent), 1);
    const before = await portMap(api, 'ocs-0');
    const res = await request(api).post('/v1/switches/ocs-0/drain').expect(202);
    const op = await awaitStaged(api, res.body.operation.id);
    expect(op.status).toBe('rolled-back');
    // The silent switch is named with its agent and the command it did not answer.
    expect(op.reason).toMatch(/TIMEOUT: switch ocs-\d+ \(agent [\w-]+\) did not acknowledge command c-\S+ within 8000 ms/);
    const failed = op.stages.find((s) => s.status === 'rolled-back')!;
    expect(failed.results?.find((r) => r.switchId === 'ocs-0')?.ok).toBe(true);
    // ocs-0 took part in the failed stage and is back as it was; the desired state never moved.
    const after = await portMap(api, 'ocs-0');
    expect(after.active.map(({ north, south }) => [north, south])).toEqual(before.active.map(({ north, south }) => [north, south]));
    expect(after.desired).toEqual(before.desired);
    expect(after.pending).toEqual([]);
  });

  it('drains a switch: its circuits move to the others in stages, every logical link survives (I1, I3)', async () => {
    await fabric.startAgent('agent-spare', ['ocs-1', 'ocs-2', 'ocs-3']);
    await awaitSwitches(api, SWITCHES);
    const linksBefore = await linksOf();
    expect(linksBefore).toEqual(['0>1', '2>3']);
    const res = await request(api).post('/v1/switches/ocs-0/drain').expect(202);
    expect(res.body.plan.plan.metrics.stages).toBeGreaterThanOrEqual(1);
    const op = await awaitStaged(api, res.body.operation.id);
    expect(op.status).toBe('succeeded');
    expect(op.stages.every((s) => s.status === 'succeeded')).toBe(true);
    expect((await portMap(api, 'ocs-0')).active).toEqual([]);
    expect(await linksOf()).toEqual(linksBefore);
    for (const s of SWITCHES) expectConverged(await portMap(api, s));

    // I2: a drained switch takes no new circuit until it is brought back.
    const refused = await request(api).post('/v1/switches/ocs-0/cross-connects').send({ north: 1, south: 3 }).expect(409);
    expect(refused.body.code).toBe('SWITCH_DRAINED');
    await request(api).post('/v1/switches/ocs-0/undrain').expect(200);
    const back = await request(api).post('/v1/switches/ocs-0/cross-connects').send({ north: 1, south: 3 }).expect(202);
    expect((await awaitOperation(api, back.body.id)).status).toBe('succeeded');
  });

  it('a frozen fabric refuses every new operation with 409 and nothing changes; unfreezing lets them through', async () => {
    await request(api).post('/v1/fabric/freeze').expect(200);
    expect((await request(api).get('/v1/fabric/freeze').expect(200)).body).toMatchObject({ frozen: true, by: 'e2e-admin' });
    const refused = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 4, south: 1 }).expect(409);
    expect(refused.body.code).toBe('FABRIC_FROZEN');
    const drainRefused = await request(api).post('/v1/switches/ocs-0/drain').expect(409);
    expect(drainRefused.body.code).toBe('FABRIC_FROZEN');
    expect((await request(api).get('/v1/switches/ocs-0').expect(200)).body.drained).toBe(false);
    expect((await portMap(api, 'ocs-1')).desired.some((c) => c.north === 4)).toBe(false);
    await request(api).post('/v1/fabric/unfreeze').expect(200);
    await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 4, south: 1 }).expect(202);
  });

  it('a scheduler applies a mesh topology: dry run first, then a staged operation that makes exactly the plan', async () => {
    const intent = { kind: 'mesh', links: [{ a: 'block-1', b: 'block-2', links: 2 }, { a: 'block-3', b: 'block-0', links: 1 }] };
    const dry = (await request(api).post('/v1/topologies/mesh-a').send({ intent, dryRun: true }).expect(202)).body;
    expect(dry.operation).toBeUndefined();
    expect(dry.plan.plan.violations).toEqual([]);
    const applied = (await request(api).post('/v1/topologies/mesh-a').send({ intent }).expect(202)).body;
    const op = await awaitStaged(api, applied.operation.id);
    expect(op.status).toBe('succeeded');
    // Item 15: mesh-a makes its own links and leaves the operator's circuits (3>0 from the freeze
    // case among them) alone, so it is counted by owner.
    const maps = await Promise.all(SWITCHES.map((s) => portMap(api, s)));
    const own = maps.flatMap((m) => m.desired.filter((c) => c.owner === 'topology:mesh-a').map((c) => `${c.north - 1}>${c.south - 1}`)).sort();
    expect(own).toEqual(['1>2', '1>2', '3>0']);
    expect((await linksOf()).filter((l) => l === '3>0')).toHaveLength(2);
    for (const s of SWITCHES) expectConverged(await portMap(api, s));
  });

  it('a port failed in the MEMS simulator has its circuit rerouted to a spare automatically', async () => {
    const map = await portMap(api, 'ocs-3');
    const usedN = new Set(map.desired.map((c) => c.north));
    const usedS = new Set(map.desired.map((c) => c.south));
    const [a, b] = [0, 1, 2, 3].flatMap((x) => [0, 1, 2, 3].map((y) => [x, y])).find(([x, y]) => x !== y && !usedN.has(x + 1) && !usedS.has(y + 1))!;
    const made = await request(api).post('/v1/switches/ocs-3/cross-connects').send({ north: a + 1, south: b + 1 }).expect(202);
    expect((await awaitOperation(api, made.body.id)).status).toBe('succeeded');
    const link = `${a}>${b}`;
    const count = (await linksOf()).filter((l) => l === link).length;

    const agent = fabric.agents.find((x) => x !== fabric.agents[0])!;
    await supertest(agent.url).post('/admin/switches/ocs-3/faults').send({ kind: 'fail-port', side: 'north', port: a + 1 }).expect(202);
    await waitFor(
      'the circuit to move off the failed port',
      async () => {
        const m = await portMap(api, 'ocs-3');
        const gone = !m.desired.some((c) => c.north === a + 1);
        return gone && (await linksOf()).filter((l) => l === link).length === count;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const staged = (await request(api).get('/v1/operations').expect(200)).body.staged as StagedOperation[];
    expect(staged.find((o) => o.kind === 'reroute')).toMatchObject({ status: 'succeeded', who: 'reconciler' });
    for (const s of SWITCHES) expectConverged(await portMap(api, s));
  });

  it('an operator marks a port failed: its circuit moves to a spare and the port takes no new circuit until restored (I2)', async () => {
    const map = await portMap(api, 'ocs-2');
    const usedN = new Set(map.desired.map((c) => c.north));
    const usedS = new Set(map.desired.map((c) => c.south));
    const [a, b] = [0, 1, 2, 3].flatMap((x) => [0, 1, 2, 3].map((y) => [x, y])).find(([x, y]) => x !== y && !usedN.has(x + 1) && !usedS.has(y + 1))!;
    const made = await request(api).post('/v1/switches/ocs-2/cross-connects').send({ north: a + 1, south: b + 1 }).expect(202);
    expect((await awaitOperation(api, made.body.id)).status).toBe('succeeded');
    const link = `${a}>${b}`;
    const count = (await linksOf()).filter((l) => l === link).length;

    await request(api).post(`/v1/switches/ocs-2/ports/south/${b + 1}/fail`).send({ reason: 'dirty connector' }).expect(202);
    await waitFor(
      'the circuit to move off the marked port',
      async () => {
        const m = await portMap(api, 'ocs-2');
        return !m.desired.some((c) => c.south === b + 1) && !m.active.some((c) => c.south === b + 1) && (await linksOf()).filter((l) => l === link).length === count;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const refused = await request(api).post('/v1/switches/ocs-2/cross-connects').send({ north: a + 1, south: b + 1 }).expect(409);
    expect(refused.body.code).toBe('PORT_FAILED');
    await request(api).post(`/v1/switches/ocs-2/ports/south/${b + 1}/restore`).expect(200);
    await request(api).post(`/v1/switches/ocs-2/ports/west/1/fail`).send({}).expect(400);
  });

  it('a scheduler applies explicit circuits as a named topology; a busy port is refused with its rule', async () => {
    // The first switch with a free north and south port of two different blocks (mesh-a left the
    // operators' circuits in place, item 15, so some switches are full).
    const free = async (switchId: string) => {
      const map = await portMap(api, switchId);
      const usedN = new Set(map.desired.map((c) => c.north));
      const usedS = new Set(map.desired.map((c) => c.south));
      const pair = [0, 1, 2, 3].flatMap((x) => [0, 1, 2, 3].map((y) => [x, y])).find(([x, y]) => x !== y && !usedN.has(x + 1) && !usedS.has(y + 1));
      return pair && { switchId, north: pair[0] + 1, south: pair[1] + 1 };
    };
    const circuit = (await Promise.all(SWITCHES.map(free))).find((c) => c !== undefined);
    expect(circuit, 'a switch with a free pair of ports').toBeDefined();
    const circuits = [circuit!];
    const applied = (await request(api).post('/v1/topologies/explicit-a').send({ intent: { kind: 'circuits', circuits } }).expect(202)).body;
    expect((await awaitStaged(api, applied.operation.id)).status).toBe('succeeded');
    expect((await portMap(api, circuit!.switchId)).active.some((c) => c.north === circuit!.north && c.south === circuit!.south)).toBe(true);
    const busy = await request(api).post('/v1/topologies/explicit-b').send({ intent: { kind: 'circuits', circuits } }).expect(422);
    expect(busy.body.rule).toBe('port-busy');
  });

  it('a finished staged operation cannot be cancelled; a forced reconcile reports the switch converged', async () => {
    const list = (await request(api).get('/v1/operations').expect(200)).body as { staged: StagedOperation[] };
    const done = list.staged.find((s) => s.status === 'succeeded')!;
    expect((await request(api).post(`/v1/operations/${done.id}/cancel`).expect(409)).body.code).toBe('OPERATION_FINISHED');
    await waitFor('ocs-1 converged', async () => (await request(api).post('/v1/switches/ocs-1/reconcile').expect(200)).body.result === 'converged');
  });
});
