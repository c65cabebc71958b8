import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { waitFor } from '@lightpath/testing';
import { generateBlockFabric } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitStaged, awaitSwitches, expectFabricInvariants, portMap } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

/** One caller per role that takes part: an operator, a scheduler, a launcher (and the harness's admin). */
const TOKENS = {
  operator: `o-${randomBytes(12).toString('hex')}`,
  scheduler: `s-${randomBytes(12).toString('hex')}`,
  launcher: `l-${randomBytes(12).toString('hex')}`,
};
const API_TOKENS = [
  `e2e-admin:admin:e2e:${ADMIN_TOKEN}`,
  `ops:operator:infra:${TOKENS.operator}`,
  `sched:scheduler:infra:${TOKENS.scheduler}`,
  `job-launcher:launcher:team-a:${TOKENS.launcher}`,
].join(',');

const SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];
// The demo's fabric (deploy/demo.sh): 8 blocks, and on every OCS block b has north port b+1 and south port b+1.
const spec = generateBlockFabric({ name: 'owners', blocks: 8, uplinks: 8, ocs: 4, portsPerOcs: 136 });

interface Circuit {
  north: number;
  south: number;
  owner: string;
}

describe('item 15: circuit owners end to end (real Kafka and Redis, the demo fabric)', () => {
  let fabric: Fabric;
  let api: string;
  const as = (who: keyof typeof TOKENS | 'admin') => supertest.agent(api).set('authorization', `Bearer ${who === 'admin' ? ADMIN_TOKEN : TOKENS[who]}`);
  const desired = async (switchId: string) => (await portMap(api, switchId)).desired as unknown as Circuit[];
  const allDesired = async () => (await Promise.all(SWITCHES.map(async (s) => (await desired(s)).map((c) => ({ switchId: s, ...c }))))).flat();

  beforeAll(async () => {
    fabric = await createFabric('owners', { API_TOKENS, COMMAND_TIMEOUT_MS: '8000' });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-owners', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await as('operator').put('/v1/fabric').send(spec).expect(200);
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it("item 15: a mesh intent leaves an operator's cross-connect alone", async () => {
    // The probe's steps: an operator's ocs-1 north 1 -> south 5, then a scheduler's unrelated mesh-a.
    const made = await as('operator').post('/v1/switches/ocs-1/cross-connects').send({ north: 1, south: 5 }).expect(202);
    expect((await awaitOperation(api, made.body.id)).status).toBe('succeeded');
    const intent = { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 2 }, { a: 'block-2', b: 'block-3', links: 1 }] };
    const dry = (await as('scheduler').post('/v1/topologies/mesh-a/plan').send({ intent }).expect(200)).body;
    expect(dry.displaces).toEqual([]);
    expect(dry.owner).toBe('topology:mesh-a');
    expect(dry.plan.metrics).toMatchObject({ removed: 0, added: 3 });

    const applied = (await as('scheduler').post('/v1/topologies/mesh-a').send({ intent }).expect(202)).body;
    expect(applied.plan.displaces).toEqual([]);
    expect(applied.operation.ownership).toEqual({ owner: 'topology:mesh-a', displace: 'none' });
    expect((await awaitStaged(api, applied.operation.id)).status).toBe('succeeded');

    expect(await desired('ocs-1')).toContainEqual({ north: 1, south: 5, owner: 'manual' });
    const mine = (await allDesired()).filter((c) => c.owner === 'topology:mesh-a');
    expect(mine.map((c) => `${c.north - 1}>${c.south - 1}`).sort()).toEqual(['0>1', '0>1', '2>3']);
  });

  it('item 15: GET /v1/switches/{id} shows each circuit\'s owner', async () => {
    const map = (await as('scheduler').get('/v1/switches/ocs-1').expect(200)).body as { active: Circuit[]; desired: Circuit[] };
    expect(map.desired.find((c) => c.north === 1)).toEqual({ north: 1, south: 5, owner: 'manual' });
    expect(map.active.find((c) => c.north === 1)).toMatchObject({ north: 1, south: 5, owner: 'manual' });
    for (const c of [...map.active, ...map.desired]) expect(c.owner).toMatch(/^(manual|repair|topology:.+|reservation:.+)$/);
    // The OpenAPI document's example of the port map is not a contract; the owner is, on every circuit of every switch.
    const owners = new Set((await allDesired()).map((c) => c.owner));
    expect([...owners].sort()).toEqual(['manual', 'topology:mesh-a']);
  });

  it('item 15: a plan that must displace another owner\'s circuits lists them in the dry run and is refused without displace:true', async () => {
    // block-5's north port on every OCS carries an operator's circuit to block-6: a topology that
    // needs a link out of block-5 cannot go around them.
    for (const s of SWITCHES) {
      const made = await as('operator').post(`/v1/switches/${s}/cross-connects`).send({ north: 6, south: 7 }).expect(202);
      expect((await awaitOperation(api, made.body.id)).status).toBe('succeeded');
    }
    const intent = { kind: 'mesh', links: [{ a: 'block-5', b: 'block-7', links: 1 }] };
    const dry = (await as('scheduler').post('/v1/topologies/mesh-b/plan').send({ intent }).expect(200)).body;
    expect(dry.displaces).toHaveLength(1);
    expect(dry.displaces[0].owner).toBe('manual');
    expect(dry.displaces[0].circuits).toHaveLength(1);
    const victim = dry.displaces[0].circuits[0] as { switchId: string; north: number; south: number };
    expect(victim).toMatchObject({ north: 6, south: 7 });
    const before = await allDesired();

    const refused = await as('scheduler').post('/v1/topologies/mesh-b').send({ intent }).expect(409);
    expect(refused.body.code).toBe('DISPLACES_OTHER_OWNERS');
    expect(refused.body.displaces).toEqual(dry.displaces);
    expect(refused.body.message).toMatch(/displace/);
    const notAllowed = await as('scheduler').post('/v1/topologies/mesh-b').send({ intent, displace: true }).expect(403);
    expect(notAllowed.body).toMatchObject({ code: 'DISPLACE_FORBIDDEN', displaces: dry.displaces });
    expect(await allDesired()).toEqual(before);

    const taken = (await as('operator').post('/v1/topologies/mesh-b').send({ intent, displace: true }).expect(202)).body;
    expect(taken.operation.ownership).toEqual({ owner: 'topology:mesh-b', displace: 'others' });
    expect((await awaitStaged(api, taken.operation.id)).status).toBe('succeeded');
    const after = await desired(victim.switchId);
    expect(after.find((c) => c.north === 6)).toEqual({ north: 6, south: 8, owner: 'topology:mesh-b' });
    // Only the displaced circuit went: the operator's other three and everything else stayed.
    const manual = (await allDesired()).filter((c) => c.owner === 'manual' && c.north === 6);
    expect(manual).toHaveLength(3);
    expect((await allDesired()).filter((c) => c.owner === 'topology:mesh-a')).toHaveLength(3);
  });

  it('item 15: reservation circuits are not displaced by topologies', async () => {
    // block-4's north port on every OCS goes to a launcher's reservation (links to block-2).
    const created = await as('launcher')
      .post('/v1/reservations')
      .set('idempotency-key', randomUUID())
      .send({ job: 'ring', endpoints: { links: [{ a: 'block-4', b: 'block-2', links: 4 }] }, leaseSeconds: 600 })
      .expect(201);
    const id = created.body.id as string;
    await waitFor(`reservation ${id} active`, async () => (await as('launcher').get(`/v1/reservations/${id}`).expect(200)).body.status === 'active', { timeoutMs: 30_000, intervalMs: 100 });
    const reserved = (await allDesired()).filter((c) => c.owner === `reservation:${id}`);
    expect(reserved.map((c) => `${c.switchId}:${c.north}>${c.south}`).sort()).toEqual(SWITCHES.map((s) => `${s}:5>3`));

    const intent = { kind: 'mesh', links: [{ a: 'block-4', b: 'block-6', links: 1 }] };
    const dry = await as('scheduler').post('/v1/topologies/mesh-r/plan').send({ intent }).expect(422);
    expect(dry.body.code).toBe('INTENT_INFEASIBLE');
    // Not even an admin's displace takes a reservation's circuits: they move only under the preemption rules.
    await as('admin').post('/v1/topologies/mesh-r').send({ intent, displace: true }).expect(422);
    // Nor an operator's DELETE of one of them.
    const del = await as('operator').delete('/v1/switches/ocs-0/cross-connects/5').expect(409);
    expect(del.body).toMatchObject({ code: 'DISPLACES_OTHER_OWNERS', displaces: [{ owner: `reservation:${id}`, circuits: [{ switchId: 'ocs-0', north: 5 }] }] });
    expect((await allDesired()).filter((c) => c.owner === `reservation:${id}`)).toEqual(reserved);

    await as('launcher').delete(`/v1/reservations/${id}`).expect(202);
    await waitFor(`reservation ${id} released`, async () => (await as('launcher').get(`/v1/reservations/${id}`).expect(200)).body.status === 'released', { timeoutMs: 30_000, intervalMs: 100 });
    expect((await allDesired()).filter((c) => c.owner === `reservation:${id}`)).toEqual([]);
  });

  it("item 15: a drain moves circuits and each keeps its owner; a reservation's moved circuit goes with the reservation", async () => {
    const created = await as('launcher')
      .post('/v1/reservations')
      .set('idempotency-key', randomUUID())
      .send({ job: 'link', endpoints: { links: [{ a: 'block-4', b: 'block-2', links: 1 }] }, leaseSeconds: 600 })
      .expect(201);
    const id = created.body.id as string;
    const status = async () => (await as('launcher').get(`/v1/reservations/${id}`).expect(200)).body.status as string;
    await waitFor(`reservation ${id} active`, async () => (await status()) === 'active', { timeoutMs: 30_000, intervalMs: 100 });
    const [recorded] = created.body.crossConnects as { switchId: string; north: number; south: number }[];
    const s = recorded.switchId;
    // Its block-5 circuit could not move (every other north port of block-5 is taken): deleted first.
    if ((await desired(s)).some((c) => c.north === 6)) {
      const del = await as('operator').delete(`/v1/switches/${s}/cross-connects/6`).expect(202);
      expect((await awaitOperation(api, del.body.id)).status).toBe('succeeded');
    }
    const before = await allDesired();
    const linksOf = (cs: (Circuit & { switchId: string })[], owner: string) => cs.filter((c) => c.owner === owner).map((c) => `${c.north - 1}>${c.south - 1}`).sort();

    const res = await as('operator').post(`/v1/switches/${s}/drain`).expect(202);
    expect(res.body.operation.ownership).toMatchObject({ owner: 'repair', displace: 'any' });
    expect((await awaitStaged(api, res.body.operation.id)).status).toBe('succeeded');
    expect(await desired(s)).toEqual([]);
    const after = await allDesired();
    expect(after.map((c) => c.owner).sort()).toEqual(before.map((c) => c.owner).sort());
    for (const owner of new Set(before.map((c) => c.owner))) expect(linksOf(after, owner)).toEqual(linksOf(before, owner));
    const moved = after.filter((c) => c.owner === `reservation:${id}`);
    expect(moved).toHaveLength(1);
    expect(moved[0].switchId).not.toBe(s);
    await as('operator').post(`/v1/switches/${s}/undrain`).expect(200);

    // The teardown finds the circuit where it is now, by its owner, not where the record put it.
    await as('launcher').delete(`/v1/reservations/${id}`).expect(202);
    await waitFor(`reservation ${id} released`, async () => (await status()) === 'released', { timeoutMs: 30_000, intervalMs: 100 });
    expect((await allDesired()).filter((c) => c.owner === `reservation:${id}`)).toEqual([]);
  });
});
