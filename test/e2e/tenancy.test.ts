import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { openEventStream, waitFor, type EventStream } from '@lightpath/testing';
import { generateCubePod } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectFabricInvariants, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

/** Two tenants with a launcher and a scheduler each, a viewer of team-b, and an operator. */
const TOKENS = {
  launcherA: `la-${randomBytes(12).toString('hex')}`,
  schedulerA: `sa-${randomBytes(12).toString('hex')}`,
  launcherB: `lb-${randomBytes(12).toString('hex')}`,
  schedulerB: `sb-${randomBytes(12).toString('hex')}`,
  viewerB: `vb-${randomBytes(12).toString('hex')}`,
  operator: `op-${randomBytes(12).toString('hex')}`,
};
const API_TOKENS = [
  `e2e-admin:admin:e2e:${ADMIN_TOKEN}`,
  `launcher-a:launcher:team-a:${TOKENS.launcherA}`,
  `scheduler-a:scheduler:team-a:${TOKENS.schedulerA}`,
  `launcher-b:launcher:team-b:${TOKENS.launcherB}`,
  `scheduler-b:scheduler:team-b:${TOKENS.schedulerB}`,
  `viewer-b:viewer:team-b:${TOKENS.viewerB}`,
  `ops:operator:infra:${TOKENS.operator}`,
].join(',');

// 8 cubes, one link per face: 3 OCS (ocs-x-0, ocs-y-0, ocs-z-0) of 16 ports, 9-16 unused; a cube is 1x1x1.
const pod = generateCubePod({ cubes: 8, linksPerFace: 1, portsPerOcs: 16, name: 'pod-tenancy' });
const SWITCHES = pod.switches.map((s) => s.id);

type Who = keyof typeof TOKENS;
type Event = { kind: string; type: string; tenant?: string; switchId: string; data: Record<string, unknown> };
interface StagedBody {
  id: string;
  status: string;
  tenant?: string;
}

describe('tenancy end to end: every read of a tenant\'s work is scoped to its tenant (real Kafka and Redis)', () => {
  let fabric: Fabric;
  let api: string;
  const as = (who: Who) => supertest.agent(api).set('authorization', `Bearer ${TOKENS[who]}`);
  const stream = (who: Who) => openEventStream<Event>(`${api}/v1/events?kinds=operation,reservation`, { authorization: `Bearer ${TOKENS[who]}` });
  const finished = (id: string, who: Who = 'operator') =>
    waitFor(
      `operation ${id} to finish`,
      async () => {
        const op = (await as(who).get(`/v1/operations/${id}`).expect(200)).body as StagedBody;
        return op.status === 'running' || op.status === 'pending' ? undefined : op;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  /** Every operation id an event names (single-switch and staged events carry it differently). */
  const operationIdOf = (e: Event) => (e.kind === 'operation' ? String(e.data.operationId ?? e.data.id) : undefined);

  beforeAll(async () => {
    fabric = await createFabric('tenancy', { API_TOKENS, COMMAND_TIMEOUT_MS: '5000' });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-pod', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await as('operator').put('/v1/fabric').send(pod).expect(200);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('item 5: a launcher of another tenant gets 404 for an operation of team-a and does not see it in lists, topologies or events', async () => {
    const streams: Record<'b' | 'viewerB' | 'a' | 'ops', EventStream<Event>> = {
      b: await stream('launcherB'),
      viewerB: await stream('viewerB'),
      a: await stream('launcherA'),
      ops: await stream('operator'),
    };
    try {
      // team-a's work: a reservation (its setup operation) and an applied topology (its staged operation).
      const rsv = await as('launcherA').post('/v1/reservations').set('idempotency-key', randomUUID()).send({ job: 'secret-job-a', slice: { shape: '1x1x2' }, leaseSeconds: 300 }).expect(201);
      const setupId = rsv.body.setupOperationId as string;
      expect(setupId).toMatch(/^sop-/);
      expect((await finished(setupId, 'launcherA')).status).toBe('succeeded');
      const applied = await as('schedulerA').post('/v1/topologies/mesh-a').send({ intent: { kind: 'slice', shape: [1, 1, 2] } }).expect(202);
      const topologyOpId = applied.body.operation.id as string;
      expect((await finished(topologyOpId, 'schedulerA')).tenant).toBe('team-a');
      // Fabric work: an operator's single-switch cross-connect, on cube-7's x ports (fibred, so later plans accept it; the slices took cubes 0-3).
      const manual = await as('operator').post('/v1/switches/ocs-x-0/cross-connects').send({ north: 8, south: 8 }).expect(202);
      expect((await finished(manual.body.id)).status).toBe('succeeded');

      // Single reads: another tenant's operation answers exactly like a missing one.
      const missingId = `sop-${randomUUID()}`;
      const missing = await as('launcherB').get(`/v1/operations/${missingId}`).expect(404);
      for (const id of [setupId, topologyOpId]) {
        for (const who of ['launcherB', 'schedulerB', 'viewerB'] as const) {
          const res = await as(who).get(`/v1/operations/${id}`).expect(404);
          expect(res.body).toEqual({ ...missing.body, message: missing.body.message.replace(missingId, id) });
          expect(JSON.stringify(res.body)).not.toMatch(/team-a|secret-job-a|launcher-a|scheduler-a/);
        }
        expect((await as('launcherA').get(`/v1/operations/${id}`).expect(200)).body.tenant).toBe('team-a');
        expect((await as('operator').get(`/v1/operations/${id}`).expect(200)).body.tenant).toBe('team-a');
      }
      expect((await as('launcherB').get(`/v1/operations/${manual.body.id}`).expect(200)).body.id).toBe(manual.body.id);

      // Lists: team-b sees fabric work and nothing of team-a's; team-a and the operator see team-a's.
      const listed = async (who: Who) => (await as(who).get('/v1/operations?limit=1000').expect(200)).body as { operations: { id: string }[]; staged: StagedBody[] };
      const b = await listed('launcherB');
      expect(b.staged.filter((o) => o.tenant !== undefined && o.tenant !== 'team-b')).toEqual([]);
      expect(b.staged.map((o) => o.id)).not.toContain(setupId);
      expect(b.operations.map((o) => o.id)).toContain(manual.body.id);
      expect(JSON.stringify(b)).not.toMatch(/secret-job-a/);
      expect((await listed('launcherA')).staged.map((o) => o.id)).toEqual(expect.arrayContaining([setupId, topologyOpId]));
      expect((await listed('operator')).staged.map((o) => o.id)).toEqual(expect.arrayContaining([setupId, topologyOpId]));
      // limit=1 for team-b: not a short page because team-a's are newer (team-b has none; fabric work has none staged).
      expect((await as('launcherB').get('/v1/operations?limit=1').expect(200)).body.staged).toEqual([]);

      // Reservations: already scoped; the same rule.
      await as('launcherB').get(`/v1/reservations/${rsv.body.id}`).expect(404);
      expect(((await as('launcherB').get('/v1/reservations?limit=1000').expect(200)).body.reservations as { id: string }[]).map((r) => r.id)).not.toContain(rsv.body.id);

      // Topologies: team-a's named topology is not listed, not readable and not replannable by team-b.
      const topoMissing = await as('schedulerB').get('/v1/topologies/never-planned').expect(404);
      const hidden = await as('schedulerB').get('/v1/topologies/mesh-a').expect(404);
      expect(hidden.body).toEqual({ ...topoMissing.body, message: topoMissing.body.message.replaceAll('never-planned', 'mesh-a') });
      expect((await as('viewerB').get('/v1/topologies').expect(200)).body.topologies).not.toContain('mesh-a');
      expect((await as('launcherA').get('/v1/topologies').expect(200)).body.topologies).toContain('mesh-a');
      expect((await as('operator').get('/v1/topologies/mesh-a').expect(200)).body).toMatchObject({ plannedBy: 'scheduler-a', tenant: 'team-a' });
      const taken = await as('schedulerB').post('/v1/topologies/mesh-a/plan').send({ intent: { kind: 'slice', shape: [1, 1, 2] } });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'TOPOLOGY_NAME_TAKEN', message: expect.stringMatching(/choose another name/) });
      expect((await as('schedulerA').get('/v1/topologies/mesh-a').expect(200)).body.plannedBy).toBe('scheduler-a');

      // Audit: operator and up only, as before.
      await as('launcherB').get('/v1/audit').expect(403);
      await as('schedulerA').get('/v1/audit').expect(403);

      // Events: streams deliver in order, so once team-b's stream has the manual operation's final
      // event (published last), it has had every earlier event it was going to get.
      const sawFinal = (s: EventStream<Event>, id: string) => () =>
        s.frames.some((f) => f.data && operationIdOf(f.data) === id && f.data.type === 'succeeded') ? true : undefined;
      for (const s of Object.values(streams)) await waitFor('the manual operation on every stream', sawFinal(s, manual.body.id), { timeoutMs: 15_000 });
      for (const s of [streams.b, streams.viewerB]) {
        const events = s.frames.map((f) => f.data!);
        expect(events.filter((e) => e.tenant !== undefined && e.tenant !== 'team-b')).toEqual([]);
        expect(events.map(operationIdOf)).not.toContain(setupId);
        expect(events.map(operationIdOf)).not.toContain(topologyOpId);
        expect(events.filter((e) => e.kind === 'reservation')).toEqual([]);
        expect(JSON.stringify(events)).not.toMatch(/secret-job-a/);
      }
      for (const s of [streams.a, streams.ops]) {
        const ids = s.frames.map((f) => operationIdOf(f.data!));
        expect(ids).toContain(setupId);
        expect(ids).toContain(topologyOpId);
        expect(s.frames.some((f) => f.data!.kind === 'reservation' && f.data!.data.reservationId === rsv.body.id)).toBe(true);
      }
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
    await expectFabricInvariants(api);
  });

  it('item 10: polling one\'s own operation is not rate-limited like mutations; 429 names /v1/events', async () => {
    // Small budgets so the test reaches them: 6 changes and 40 reads per minute per caller.
    await fabric.orchestrator.stop();
    api = (await fabric.startOrchestrator({ API_TOKENS, RATE_LIMIT_REQUESTS: '6', RATE_LIMIT_READ_REQUESTS: '40', RATE_LIMIT_WINDOW_MS: '60000' })).url;
    await awaitSwitches(api, SWITCHES);
    await waitFor('the restarted orchestrator to lead', async () => ((await request(api).get('/v1/leader').expect(200)).body.isLeader ? true : undefined));
    const created = await as('operator').post('/v1/switches/ocs-y-0/cross-connects').send({ north: 16, south: 16 }).expect(202);
    // Eight clients sharing the operator's token poll the operation: 32 reads, more than five times the change budget.
    const polls = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const codes: number[] = [];
        for (let i = 0; i < 4; i++) codes.push((await as('operator').get(`/v1/operations/${created.body.id}`)).status);
        return codes;
      }),
    );
    expect(polls.flat()).toEqual(Array(32).fill(200));
    // Every change of the budget is still there: 5 more (6 with the first), then the 7th is refused.
    for (const north of [15, 14, 13, 12, 11]) await as('operator').post('/v1/switches/ocs-y-0/cross-connects').send({ north, south: north }).expect(202);
    const seventh = await as('operator').post('/v1/switches/ocs-y-0/cross-connects').send({ north: 10, south: 10 }).expect(429);
    expect(seventh.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(seventh.body.message).toMatch(/^infra\/ops sent more than 6 changes \(POST, PUT, PATCH, DELETE\) in 60000 ms/);
    expect(seventh.body.message).toMatch(/watch GET \/v1\/events/);
    expect(Number(seventh.headers['retry-after'])).toBeGreaterThan(0);
    // Polling goes on while changes are refused, until the read budget (40) is used up too.
    let status = 200;
    let reads = 32;
    let last = seventh;
    while (status === 200 && reads < 100) {
      last = await as('operator').get(`/v1/operations/${created.body.id}`);
      status = last.status;
      if (status === 200) reads++;
    }
    expect(reads).toBe(40);
    expect(last.status).toBe(429);
    expect(last.body.message).toMatch(/^infra\/ops sent more than 40 reads \(GET\) in 60000 ms; retry after \d+ s \(Retry-After\)/);
    expect(last.body.message).toMatch(/To follow operations, watch GET \/v1\/events .* instead of polling GET \/v1\/operations\/\{id\}/);
    // Other callers keep their own budgets; the OpenAPI document describes the 429.
    await as('launcherB').get(`/v1/operations/${created.body.id}`).expect(200);
    const doc = (await supertest(api).get('/openapi.json').expect(200)).body;
    expect(JSON.stringify(doc.paths['/v1/operations/{id}'].get.responses['429'])).toMatch(/\/v1\/events/);
  });
});
