import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { waitFor, openEventStream, type SseFrame } from '@lightpath/testing';
import { generateCubePod } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectConverged, portMap, expectFabricInvariants } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

/** Two launchers of different tenants, an operator, and the harness's admin. */
const TOKENS = {
  launcherA: `la-${randomBytes(12).toString('hex')}`,
  launcherB: `lb-${randomBytes(12).toString('hex')}`,
  operator: `op-${randomBytes(12).toString('hex')}`,
};
const API_TOKENS = [
  `e2e-admin:admin:e2e:${ADMIN_TOKEN}`,
  `launcher-a:launcher:team-a:${TOKENS.launcherA}`,
  `launcher-b:launcher:team-b:${TOKENS.launcherB}`,
  `ops:operator:infra:${TOKENS.operator}`,
].join(',');

// 8 cubes, one link per face: 3 OCS (ocs-x-0, ocs-y-0, ocs-z-0); a cube is 1x1x1, a slice "1x1xN" takes N cubes.
const pod = generateCubePod({ cubes: 8, linksPerFace: 1, portsPerOcs: 16, name: 'pod-rsv' });
const SWITCHES = pod.switches.map((s) => s.id);

interface Rsv {
  id: string;
  job: string;
  tenant: string;
  status: string;
  reason?: string;
  rule?: string;
  cubes: string[];
  crossConnects: { switchId: string; north: number; south: number }[];
  expiresAt: number;
  preempting?: string[];
  preemptedBy?: string;
}

type Frame = SseFrame<{ kind: string; type: string; tenant?: string; data: Record<string, unknown> }>;

describe('reservations end to end: job launchers reserve slices on a cube pod over real Kafka and Redis', () => {
  let fabric: Fabric;
  let api: string;
  const as = (who: keyof typeof TOKENS | 'admin') => supertest.agent(api).set('authorization', `Bearer ${who === 'admin' ? ADMIN_TOKEN : TOKENS[who]}`);
  const reserve = (who: keyof typeof TOKENS, body: Record<string, unknown>, key: string = randomUUID()) => as(who).post('/v1/reservations').set('idempotency-key', key).send(body);
  const get = async (id: string) => (await as('operator').get(`/v1/reservations/${id}`).expect(200)).body as Rsv;
  const awaitStatus = (id: string, status: string, timeoutMs = 20_000) =>
    waitFor(`reservation ${id} to be ${status}`, async () => ((await get(id)).status === status ? get(id) : undefined), { timeoutMs, intervalMs: 50 });
  /** Every cross-connect the switches report, as "switch:north>south". */
  const actualCircuits = async () => (await Promise.all(SWITCHES.map(async (s) => (await portMap(api, s)).active.map((c) => `${s}:${c.north}>${c.south}`)))).flat();
  const key = (c: { switchId: string; north: number; south: number }) => `${c.switchId}:${c.north}>${c.south}`;

  beforeAll(async () => {
    fabric = await createFabric('rsv', { API_TOKENS, COMMAND_TIMEOUT_MS: '5000' });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-pod', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await as('operator').put('/v1/fabric').send(pod).expect(200);
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  let a1: Rsv;

  it('reserves a slice: 201 placing, then active with its circuits on the switches; a retry with the same Idempotency-Key never reserves twice', async () => {
    const body = { job: 'train-a', slice: { shape: '1x1x2' }, priority: 5, leaseSeconds: 120 };
    const k = randomUUID();
    const created = await reserve('launcherA', body, k).expect(201);
    expect(created.body).toMatchObject({ job: 'train-a', tenant: 'team-a', status: 'placing', priority: 5 });
    expect(created.body.cubes).toHaveLength(2);
    expect(created.body.crossConnects).toHaveLength(2 * 3);
    a1 = await awaitStatus(created.body.id, 'active');
    const circuits = await actualCircuits();
    for (const c of a1.crossConnects) expect(circuits).toContain(key(c));

    const retried = await reserve('launcherA', body, k).expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.id).toBe(a1.id);
    const mine = (await as('launcherA').get('/v1/reservations').expect(200)).body.reservations as Rsv[];
    expect(mine.filter((r) => r.job === 'train-a')).toHaveLength(1);
    expect(await actualCircuits()).toHaveLength(6);

    const reused = await reserve('launcherA', { ...body, leaseSeconds: 60 }, k).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('validates: no Idempotency-Key, a bad shape or a missing lease are 400s naming the field', async () => {
    const noKey = await as('launcherA').post('/v1/reservations').send({ job: 'x', slice: { shape: '1x1x1' }, leaseSeconds: 10 }).expect(400);
    expect(noKey.body.message).toMatch(/Idempotency-Key/);
    const badShape = await reserve('launcherA', { job: 'x', slice: { shape: '1x1' }, leaseSeconds: 10 }).expect(400);
    expect(badShape.body.message).toMatch(/slice\.shape/);
    const noLease = await reserve('launcherA', { job: 'x', slice: { shape: '1x1x1' } }).expect(400);
    expect(noLease.body.message).toMatch(/leaseSeconds/);
    await as('launcherA').get('/v1/reservations/not-an-id').expect(400);
  });

  it("a launcher cannot see, renew or release another tenant's reservation (404, as if it did not exist) nor reserve for another tenant", async () => {
    const other = await as('launcherB').get(`/v1/reservations/${a1.id}`).expect(404);
    expect(other.body.code).toBe('RESERVATION_NOT_FOUND');
    await as('launcherB').post(`/v1/reservations/${a1.id}/renew`).send({}).expect(404);
    await as('launcherB').delete(`/v1/reservations/${a1.id}`).expect(404);
    const listed = (await as('launcherB').get('/v1/reservations').expect(200)).body.reservations as Rsv[];
    expect(listed.map((r) => r.id)).not.toContain(a1.id);
    expect((await as('operator').get(`/v1/reservations/${a1.id}`).expect(200)).body.status).toBe('active');
    const forbidden = await reserve('launcherB', { job: 'x', tenant: 'team-a', slice: { shape: '1x1x1' }, leaseSeconds: 10 }).expect(403);
    expect(forbidden.body.code).toBe('TENANT_FORBIDDEN');
    expect((await get(a1.id)).status).toBe('active');
  });

  it('renews a lease from now', async () => {
    const before = await get(a1.id);
    const renewed = (await as('launcherA').post(`/v1/reservations/${a1.id}/renew`).send({ leaseSeconds: 300 }).expect(200)).body as Rsv;
    expect(renewed.expiresAt).toBeGreaterThan(before.expiresAt);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() + 290_000);
    // An empty body renews for the reservation's own lease (now 300 s) again, from now.
    const again = (await as('launcherA').post(`/v1/reservations/${a1.id}/renew`).send({}).expect(200)).body as Rsv;
    expect(again.expiresAt).toBeGreaterThanOrEqual(renewed.expiresAt);
    const bad = await as('launcherA').post(`/v1/reservations/${a1.id}/renew`).send({ leaseSeconds: 0 }).expect(400);
    expect(bad.body.message).toMatch(/leaseSeconds/);
  });

  let b1: Rsv;
  let b2: Rsv;

  it('I4: another reservation never shares a cube or port; when nothing fits the answer is 409 with the rule, or 202 queued and placed once capacity frees', async () => {
    const created = await reserve('launcherB', { job: 'batch-b', slice: { shape: '1x1x5' }, priority: 1, leaseSeconds: 300, preemptible: true }).expect(201);
    b1 = await awaitStatus(created.body.id, 'active');
    expect(b1.cubes.filter((c) => a1.cubes.includes(c))).toEqual([]);
    const portsOf = (r: Rsv) => r.crossConnects.flatMap((c) => [`${c.switchId}:n${c.north}`, `${c.switchId}:s${c.south}`]);
    expect(portsOf(b1).filter((p) => portsOf(a1).includes(p))).toEqual([]);

    const full = await reserve('launcherB', { job: 'too-big', slice: { shape: '1x1x2' }, leaseSeconds: 60 }).expect(409);
    expect(full.body).toMatchObject({ code: 'RESERVATION_NO_CAPACITY' });
    expect(full.body.message).toMatch(/not-enough-free-cubes/);
    expect(full.body.message).toMatch(/needs 2 free healthy cubes, only 1/);

    // One cube is left: B takes it (not preemptible), then a queued request waits for A's release.
    const lastCube = await reserve('launcherB', { job: 'small-b', slice: { shape: '1x1x1' }, priority: 1, leaseSeconds: 300 }).expect(201);
    b2 = await awaitStatus(lastCube.body.id, 'active');
    const queued = await reserve('launcherB', { job: 'waits-b', slice: { shape: '1x1x2' }, priority: 1, leaseSeconds: 300, onConflict: 'queue' }).expect(202);
    expect(queued.body).toMatchObject({ status: 'queued', rule: 'not-enough-free-cubes' });

    const released = await as('launcherA').delete(`/v1/reservations/${a1.id}`).expect(202);
    expect(['releasing', 'released']).toContain(released.body.status);
    const gone = (await awaitStatus(a1.id, 'released')) as Rsv & { teardownOperationId: string };
    // The queued request may take the same cubes (and so the same circuits) at once: the teardown
    // operation is the witness that exactly A's circuits came down, and nothing else did.
    const teardown = (await as('operator').get(`/v1/operations/${gone.teardownOperationId}`).expect(200)).body;
    expect(teardown).toMatchObject({ kind: 'reservation-teardown', status: 'succeeded', tenant: 'team-a' });
    const removed = teardown.stages.flatMap((st: { changes: { switchId: string; remove: { north: number; south: number }[]; add: unknown[] }[] }) =>
      st.changes.flatMap((c) => {
        expect(c.add).toEqual([]);
        return c.remove.map((p) => key({ switchId: c.switchId, ...p }));
      }),
    );
    expect(removed.sort()).toEqual(a1.crossConnects.map(key).sort());
    const placed = await awaitStatus(queued.body.id, 'active');
    expect(placed.cubes.sort()).toEqual([...a1.cubes].sort());
    expect(await actualCircuits()).toEqual(expect.arrayContaining(placed.crossConnects.map(key)));
    // Releasing again answers the same, and a released lease cannot be renewed.
    expect((await as('launcherA').delete(`/v1/reservations/${a1.id}`).expect(202)).body.status).toBe('released');
    expect((await as('launcherA').post(`/v1/reservations/${a1.id}/renew`).send({}).expect(409)).body.code).toBe('RESERVATION_ENDED');
    await as('launcherB').delete(`/v1/reservations/${placed.id}`).expect(202);
    await awaitStatus(placed.id, 'released');
  });

  it('a lease that is not renewed expires: the leader tears its circuits down', async () => {
    const created = await reserve('launcherA', { job: 'short', slice: { shape: '1x1x1' }, leaseSeconds: 2 }).expect(201);
    const active = await awaitStatus(created.body.id, 'active');
    expect(await actualCircuits()).toEqual(expect.arrayContaining(active.crossConnects.map(key)));
    const expired = await awaitStatus(created.body.id, 'expired', 15_000);
    expect(expired.cubes).toEqual(active.cubes);
    const circuits = await actualCircuits();
    for (const c of active.crossConnects) expect(circuits).not.toContain(key(c));
  });

  it("a higher priority preempts a lower preemptible reservation: the victim is torn down first and its owner told on the event stream", async () => {
    const stream = await subscribe(`${api}/v1/events?kinds=reservation`, TOKENS.launcherB);
    try {
      // Free: 2 cubes (A's released slice); in use: b1 (5 cubes, preemptible, priority 1), b2 (1 cube, not preemptible).
      const notPolicy = await reserve('launcherA', { job: 'same-priority', slice: { shape: '1x1x3' }, priority: 1, leaseSeconds: 60 }).expect(409);
      expect(notPolicy.body.code).toBe('RESERVATION_NO_CAPACITY');
      const urgent = await reserve('launcherA', { job: 'urgent-a', slice: { shape: '1x1x3' }, priority: 50, leaseSeconds: 120 }).expect(202);
      expect(urgent.body).toMatchObject({ status: 'queued', preempting: [b1.id] });
      const victim = await awaitStatus(b1.id, 'preempted');
      expect(victim.preemptedBy).toBe(urgent.body.id);
      const winner = await awaitStatus(urgent.body.id, 'active');
      expect(winner.cubes.filter((c) => b2.cubes.includes(c))).toEqual([]);
      const circuits = await actualCircuits();
      for (const c of b1.crossConnects.filter((x) => !winner.crossConnects.some((w) => key(w) === key(x)))) expect(circuits).not.toContain(key(c));
      expect((await get(b2.id)).status).toBe('active');
      await waitFor('the preemption event on team-b stream', () =>
        stream.frames.some((f) => f.data?.kind === 'reservation' && f.data.type === 'preempted' && f.data.data.id === b1.id),
      );
      // Tenant scoping of the stream: B's launcher hears only team-b's reservations.
      expect(stream.frames.every((f) => f.data?.tenant === 'team-b')).toBe(true);
      await as('launcherA').delete(`/v1/reservations/${urgent.body.id}`).expect(202);
      await awaitStatus(urgent.body.id, 'released');
    } finally {
      stream.close();
    }
  });

  it('I4 after release: once every reservation is released no circuit is left on any switch and the switches converge', async () => {
    await as('launcherB').delete(`/v1/reservations/${b2.id}`).expect(202);
    await awaitStatus(b2.id, 'released');
    const all = (await as('admin').get('/v1/reservations?limit=100').expect(200)).body.reservations as Rsv[];
    expect(all.filter((r) => !['released', 'expired', 'preempted', 'failed'].includes(r.status))).toEqual([]);
    expect(await actualCircuits()).toEqual([]);
    for (const s of SWITCHES) expectConverged(await portMap(api, s));
  });

  it('reserves links between endpoints on free ports only; another tenant gets the rest or a 409 with the rule; release leaves nothing (I4)', async () => {
    // cube-0's +d face is north port 1 and cube-1's -d face south port 2 on every one of the 3 OCS.
    const first = (await reserve('launcherA', { job: 'ring-a', endpoints: { links: [{ a: 'cube-0', b: 'cube-1', links: 2 }] }, leaseSeconds: 600 }).expect(201)).body as Rsv;
    const a = await awaitStatus(first.id, 'active');
    expect(a.cubes).toEqual([]);
    expect(a.crossConnects).toHaveLength(2);
    expect(a.crossConnects.every((c) => c.north === 1 && c.south === 2)).toBe(true);
    expect(new Set(a.crossConnects.map((c) => c.switchId)).size).toBe(2);
    for (const c of a.crossConnects) expect(await actualCircuits()).toContain(key(c));

    const tooMany = await reserve('launcherB', { job: 'ring-b', endpoints: { links: [{ a: 'cube-0', b: 'cube-1', links: 2 }] }, leaseSeconds: 600 }).expect(409);
    expect(tooMany.body).toMatchObject({ code: 'RESERVATION_NO_CAPACITY' });
    expect(tooMany.body.message).toMatch(/not-enough-free-ports/);
    const rest = (await reserve('launcherB', { job: 'ring-b', endpoints: { links: [{ a: 'cube-0', b: 'cube-1', links: 1 }] }, leaseSeconds: 600 }).expect(201)).body as Rsv;
    const b = await awaitStatus(rest.id, 'active');
    expect(a.crossConnects.map((c) => c.switchId)).not.toContain(b.crossConnects[0].switchId);

    const both = await reserve('launcherA', { job: 'x', slice: { shape: '1x1x1' }, endpoints: { links: [{ a: 'cube-0', b: 'cube-1', links: 1 }] }, leaseSeconds: 60 }).expect(400);
    expect(both.body.message).toMatch(/exactly one of slice .* or endpoints/);

    await as('launcherA').delete(`/v1/reservations/${a.id}`).expect(202);
    await as('launcherB').delete(`/v1/reservations/${b.id}`).expect(202);
    await awaitStatus(a.id, 'released');
    await awaitStatus(b.id, 'released');
    expect(await actualCircuits()).toEqual([]);
  });
});

/** The reservation events a launcher sees on /v1/events. */
function subscribe(url: string, token: string) {
  return openEventStream<NonNullable<Frame['data']>>(url, { authorization: `Bearer ${token}` });
}
