import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, expectConverged, portMap, request, expectFabricInvariants } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';
import { waitFor } from '@lightpath/testing';

describe('cross-connects end to end: orchestrator and agent as processes on real Kafka and Redis', () => {
  let fabric: Fabric;
  let api: string;

  beforeAll(async () => {
    fabric = await createFabric('xc');
    await fabric.startAgent('agent-a', ['ocs-1', 'ocs-2']);
    api = fabric.orchestrator.url;
    await awaitSwitches(api, ['ocs-1', 'ocs-2']);
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('creates a cross-connect, shows it active with its measured insertion loss, and deletes it', async () => {
    const created = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 1, south: 5 }).expect(202);
    expect(created.headers.location).toBe(`/v1/operations/${created.body.id}`);
    const op = await awaitOperation(api, created.body.id);
    expect(op.status).toBe('succeeded');
    expect(op.switchingMs).toBeGreaterThan(0);

    const map = await portMap(api, 'ocs-1');
    expect(map.active).toHaveLength(1);
    expect(map.active[0]).toMatchObject({ north: 1, south: 5 });
    // Palomar profile: insertion loss under 2 dB (docs/ocs-facts.md).
    expect(map.active[0].lossDb).toBeGreaterThan(0);
    expect(map.active[0].lossDb).toBeLessThan(2);
    expectConverged(map);

    const deleted = await request(api).delete('/v1/switches/ocs-1/cross-connects/1').expect(202);
    expect((await awaitOperation(api, deleted.body.id)).status).toBe('succeeded');
    const after = await portMap(api, 'ocs-1');
    expect(after.active).toEqual([]);
    expectConverged(after);
  });

  it('applies a batch on one switch as one operation', async () => {
    const pairs = [
      { north: 10, south: 20 },
      { north: 11, south: 21 },
      { north: 12, south: 22 },
    ];
    const created = await request(api).post('/v1/switches/ocs-2/cross-connects').send({ crossConnects: pairs }).expect(202);
    const op = await awaitOperation(api, created.body.id);
    expect(op.status).toBe('succeeded');
    expect(op.results?.map((r) => r.ok)).toEqual([true, true, true]);
    const map = await portMap(api, 'ocs-2');
    expect(map.active.map(({ north, south }) => ({ north, south }))).toEqual(pairs);
    expectConverged(map);
    const removed = await request(api).post('/v1/switches/ocs-2/cross-connects/delete').send({ norths: [10, 11, 12] }).expect(202);
    expect((await awaitOperation(api, removed.body.id)).status).toBe('succeeded');
  });

  it('refuses bad requests with a clear 4xx and changes nothing', async () => {
    await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 30, south: 31 }).expect(202);
    await waitFor('setup circuit', async () => (await portMap(api, 'ocs-1')).active.length === 1);
    const before = await portMap(api, 'ocs-1');
    const post = (switchId: string, body: string) =>
      request(api).post(`/v1/switches/${switchId}/cross-connects`).set('content-type', 'application/json').send(body);

    const cases: [string, string, number, string, RegExp][] = [
      ['unknown switch', '{"north":1,"south":2}', 404, 'SWITCH_NOT_FOUND', /switch ocs-9 is not registered/],
      ['port out of range', '{"north":137,"south":2}', 400, 'PORT_OUT_OF_RANGE', /north ports 1\.\.136/],
      ['busy north port', '{"north":30,"south":40}', 409, 'PORT_BUSY', /north port 30 .* already has a cross-connect/],
      ['busy south port', '{"north":41,"south":31}', 409, 'PORT_BUSY', /south port 31 .* already has a cross-connect/],
      ['north-north pair', '{"north":1,"north2":2}', 400, 'INVALID_REQUEST', /south: .*; \(root\): Unrecognized key: "north2"/],
      ['malformed JSON', '{"north":1,', 400, 'MALFORMED_JSON', /not valid JSON/],
      ['same port twice', '{"crossConnects":[{"north":1,"south":2},{"north":1,"south":3}]}', 400, 'DUPLICATE_PORT', /north port 1 appears twice/],
    ];
    for (const [what, body, status, code, message] of cases) {
      const res = await post(what === 'unknown switch' ? 'ocs-9' : 'ocs-1', body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
      expect(res.body.message).toMatch(message);
    }
    await request(api).delete('/v1/switches/ocs-1/cross-connects/99').expect(404);
    await request(api).delete('/v1/switches/ocs-1/cross-connects/abc').expect(400);
    const after = await portMap(api, 'ocs-1');
    expect({ active: after.active, desired: after.desired, pending: after.pending }).toEqual({
      active: before.active,
      desired: before.desired,
      pending: before.pending,
    });
  });

  it('a port failed in the simulator is reported, and new cross-connects on it are refused with 409', async () => {
    const agent = fabric.agents[0];
    await request(agent.url).post('/admin/switches/ocs-2/faults').send({ kind: 'fail-port', side: 'north', port: 50 }).expect(202);
    await waitFor('failed port to be reported', async () =>
      (await portMap(api, 'ocs-2')).unhealthyPorts.some((p) => p.port === 50 && p.health === 'failed'),
    );
    const res = await request(api).post('/v1/switches/ocs-2/cross-connects').send({ north: 50, south: 1 }).expect(409);
    expect(res.body.code).toBe('PORT_FAILED');
    await request(agent.url).post('/admin/switches/ocs-2/faults').send({ kind: 'fail-port', side: 'east' }).expect(400);
  });

  it('after an agent restart the switch re-reports the circuits it still holds', async () => {
    const created = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 60, south: 61 }).expect(202);
    await awaitOperation(api, created.body.id);
    const before = await portMap(api, 'ocs-1');
    await fabric.agents[0].stop();
    fabric.agents.splice(0, 1);
    await fabric.startAgent('agent-a', ['ocs-1', 'ocs-2']);
    const after = await waitFor('re-registration and startup snapshot', async () => {
      const map = await portMap(api, 'ocs-1');
      return map.registeredAt > before.registeredAt && map.active.some((c) => c.north === 60) ? map : undefined;
    });
    expect(after.active.map(({ north, south }) => ({ north, south }))).toEqual(
      before.active.map(({ north, south }) => ({ north, south })),
    );
    expectConverged(after);
  });

  it('a restarted orchestrator rebuilds every switch and circuit from Redis', async () => {
    const before = await portMap(api, 'ocs-1');
    await fabric.orchestrator.stop();
    api = (await fabric.startOrchestrator()).url;
    const after = await portMap(api, 'ocs-1');
    expect(after.active).toEqual(before.active);
    expect(after.desired).toEqual(before.desired);
    const op = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 70, south: 71 }).expect(202);
    expect(op.body.epoch).toBeGreaterThan(before.active.length >= 0 ? 1 : 0);
    expect((await awaitOperation(api, op.body.id)).status).toBe('succeeded');
  });
});
