import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCubePod, type PlanOutput, type TorusLayout } from '@lightpath/topology';
import { awaitOperation, awaitSwitches } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

/** One token per role this API uses: reads need viewer, plans scheduler, the fabric spec operator. */
const TOKENS = { viewer: `v-${randomBytes(12).toString('hex')}`, scheduler: `s-${randomBytes(12).toString('hex')}`, operator: `o-${randomBytes(12).toString('hex')}` };
const API_TOKENS = [`e2e-admin:admin:e2e:${ADMIN_TOKEN}`, ...Object.entries(TOKENS).map(([role, token]) => `e2e-${role}:${role}:e2e:${token}`)].join(',');

describe('topology intents end to end: fabric spec in Redis, dry-run plans against the actual cross-connects', () => {
  let fabric: Fabric;
  let api: string;
  // 8 cubes and a spare: 48 OCS of 136 x 136, switch ids ocs-<dim>-<k> as the agent below serves.
  const pod = generateCubePod({ cubes: 8, spareCubes: 1, name: 'pod-e2e' });

  const as = (role: keyof typeof TOKENS | 'admin') => supertest.agent(api).set('authorization', `Bearer ${role === 'admin' ? ADMIN_TOKEN : TOKENS[role]}`);

  beforeAll(async () => {
    fabric = await createFabric('topo', { API_TOKENS });
    api = fabric.orchestrator.url;
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('refuses to plan before a fabric spec is stored, with 409 saying to PUT one', async () => {
    const res = await as('scheduler').post('/v1/topologies/early/plan').send({ intent: { kind: 'slice', shape: [4, 4, 4] } }).expect(409);
    expect(res.body.code).toBe('FABRIC_SPEC_MISSING');
    expect(res.body.message).toMatch(/PUT \/v1\/fabric/);
    expect((await as('viewer').get('/v1/fabric').expect(409)).body.code).toBe('FABRIC_SPEC_MISSING');
  });

  it('refuses an invalid spec with 400 naming the field, and stores nothing', async () => {
    const bad = { ...pod, fibres: pod.fibres.map((f, i) => (i === 5 ? { ...f, port: 999 } : f)) };
    const res = await as('operator').put('/v1/fabric').send(bad).expect(400);
    expect(res.body.code).toBe('INVALID_FABRIC_SPEC');
    expect(res.body.message).toMatch(/fibres\[5\]\.port/);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('fibres[5].port');
    const missing = await as('operator').put('/v1/fabric').send({ version: 1, switches: [], endpoints: [], fibres: [] }).expect(400);
    expect(missing.body.message).toMatch(/name/);
    await as('viewer').get('/v1/fabric').expect(409);
  });

  it('stores a generated cube pod spec, versioned, and serves it back with a summary', async () => {
    const first = await as('operator').put('/v1/fabric').send(pod).expect(200);
    expect(first.body).toMatchObject({ version: 1, summary: { name: 'pod-e2e', switches: 48, endpoints: { cube: 9 }, fibres: 9 * 96 } });
    const second = await as('operator').put('/v1/fabric').send(pod).expect(200);
    expect(second.body.version).toBe(2);
    const got = await as('viewer').get('/v1/fabric').expect(200);
    expect(got.body).toMatchObject({ version: 2, storedBy: 'e2e-operator' });
    expect(got.body.spec).toEqual(pod);
    const audit = await as('operator').get('/v1/audit?limit=10').expect(200);
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'replace-fabric-spec').map((e: { who: string; detail: string }) => [e.who, e.detail])).toEqual([
      ['e2e-operator', 'version 2'],
      ['e2e-operator', 'version 1'],
    ]);
  });

  it('plans a 4x4x8 slice as a dry run: verified, at the lower bound, one stage, kept as the last plan', async () => {
    const res = await as('scheduler').post('/v1/topologies/job-1/plan').send({ intent: { kind: 'slice', shape: [4, 4, 8], twisted: true } }).expect(200);
    const plan = res.body.plan as PlanOutput;
    expect(res.body).toMatchObject({ name: 'job-1', dryRun: true, specVersion: 2, currentCrossConnects: 0, plannedBy: 'e2e-scheduler' });
    expect(plan.violations).toEqual([]);
    expect(plan.metrics).toMatchObject({ added: 96, removed: 0, switchesTouched: 48, ratioToLowerBound: 1, stages: 1, stageLowerBound: 1 });
    expect((plan.details.layout as TorusLayout).cubes).toEqual(['cube-0', 'cube-1']);

    const kept = await as('viewer').get('/v1/topologies/job-1').expect(200);
    expect(kept.body).toMatchObject({ name: 'job-1', intent: { kind: 'slice', shape: [4, 4, 8] }, specVersion: 2 });
    expect(kept.body.plan).toEqual(res.body.plan);
    expect((await as('viewer').get('/v1/topologies').expect(200)).body.topologies).toContain('job-1');
  });

  it('answers an infeasible shape with 422 and the rule it breaks', async () => {
    const twist = await as('scheduler').post('/v1/topologies/job-2/plan').send({ intent: { kind: 'slice', shape: [4, 8, 16], twisted: true } }).expect(422);
    expect(twist.body).toMatchObject({ code: 'INTENT_INFEASIBLE', rule: 'twist-shape' });
    const big = await as('scheduler').post('/v1/topologies/job-2/plan').send({ intent: { kind: 'slice', shape: [16, 16, 16] } }).expect(422);
    expect(big.body.rule).toBe('not-enough-free-cubes');
    await as('viewer').get('/v1/topologies/job-2').expect(404);
  });

  it('names the offending field of a bad intent or topology name', async () => {
    const shape = await as('scheduler').post('/v1/topologies/job-3/plan').send({ intent: { kind: 'slice', shape: [4, 4] } }).expect(400);
    expect(shape.body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(shape.body.message).toMatch(/intent\.shape/);
    const endpoint = await as('scheduler').post('/v1/topologies/job-3/plan').send({ intent: { kind: 'mesh', links: [{ a: 'cube-0', b: 'block-7', links: 1 }] } }).expect(400);
    expect(endpoint.body.code).toBe('INVALID_INTENT');
    expect(endpoint.body.message).toMatch(/block-7/);
    const name = await as('scheduler').post('/v1/topologies/-bad!/plan').send({ intent: { kind: 'slice', shape: [4, 4, 4] } }).expect(400);
    expect(name.body.message).toMatch(/topology name/);
  });

  it('asks for the role each call needs: viewer reads, scheduler plans, operator sets the fabric spec', async () => {
    const intent = { kind: 'slice', shape: [4, 4, 4] };
    expect((await as('viewer').post('/v1/topologies/job-r/plan').send({ intent }).expect(403)).body.code).toBe('ROLE_REQUIRED');
    expect((await as('scheduler').put('/v1/fabric').send(pod).expect(403)).body.code).toBe('ROLE_REQUIRED');
    await supertest(api).get('/v1/fabric').expect(401);
    await as('viewer').get('/v1/topologies/job-1').expect(200);
    await as('operator').post('/v1/topologies/job-r/plan').send({ intent }).expect(200);
  });

  it('documents the plan route in the OpenAPI document with a slice, a mesh and a traffic example', async () => {
    const doc = (await supertest(api).get('/openapi.json').expect(200)).body;
    const plan = doc.paths['/v1/topologies/{name}/plan'].post;
    const examples = plan.requestBody.content['application/json'].examples;
    expect(examples.slice.value.intent).toEqual({ kind: 'slice', shape: [4, 4, 8], twisted: true });
    expect(Object.keys(examples)).toEqual(expect.arrayContaining(['slice', 'mesh', 'traffic']));
    expect(Object.keys(plan.responses)).toEqual(expect.arrayContaining(['200', '400', '409', '422']));
    expect(doc.paths['/v1/fabric'].put.requestBody.content['application/json'].schema.example.name).toBe('two-blocks');
  });

  it('takes a full 64-cube pod spec in one PUT and plans the 16x16x16 torus: 3,072 cross-connects, 64 on each of 48 OCS', async () => {
    const full = generateCubePod({ name: 'pod-full' });
    expect((await as('operator').put('/v1/fabric').send(full).expect(200)).body).toMatchObject({ version: 3, summary: { switches: 48, fibres: 64 * 96 } });
    const res = await as('scheduler').post('/v1/topologies/full/plan').send({ intent: { kind: 'slice', shape: [16, 16, 16] } }).expect(200);
    const plan = res.body.plan as PlanOutput;
    expect(plan.violations).toEqual([]);
    expect(plan.metrics).toMatchObject({ added: 3072, switchesTouched: 48, ratioToLowerBound: 1 });
    expect(new Set(plan.changes.map((c) => c.add.length))).toEqual(new Set([64]));
  });

  it("plans around the switches' actual cross-connects: cubes whose ports are in use are not picked", async () => {
    await fabric.startAgent('agent-x', ['ocs-x-0']);
    await awaitSwitches(api, ['ocs-x-0']);
    // North 1 of ocs-x-0 is cube-0's +x face link 0, south 2 cube-1's -x face link 0 (cube pod wiring).
    const op = await as('operator').post('/v1/switches/ocs-x-0/cross-connects').send({ north: 1, south: 2 }).expect(202);
    expect((await awaitOperation(api, op.body.id)).status).toBe('succeeded');
    const res = await as('scheduler').post('/v1/topologies/job-4/plan').send({ intent: { kind: 'slice', shape: [4, 4, 4] } }).expect(200);
    expect(res.body.currentCrossConnects).toBe(1);
    expect(res.body.plan.violations).toEqual([]);
    expect(res.body.plan.details.layout.cubes).toEqual(['cube-2']);
    // A dry run changes nothing: the switch still has exactly the one cross-connect.
    const map = await as('viewer').get('/v1/switches/ocs-x-0').expect(200);
    expect(map.body.desired).toEqual([{ north: 1, south: 2, owner: 'manual' }]);
  });

  it('a restarted orchestrator still has the spec, its version and the last plans', async () => {
    await fabric.orchestrator.stop();
    api = (await fabric.startOrchestrator()).url;
    expect((await as('viewer').get('/v1/fabric').expect(200)).body).toMatchObject({ version: 3, summary: { name: 'pod-full' } });
    expect((await as('viewer').get('/v1/topologies/job-1').expect(200)).body).toMatchObject({ specVersion: 2, plan: { metrics: { added: 96 } } });
    await as('scheduler').post('/v1/topologies/job-5/plan').send({ intent: { kind: 'slice', shape: [4, 4, 4] } }).expect(200);
  });
});
