import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, portMap, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

/**
 * Bad input that never reaches a handler's schema (issue 4, item 9): every refusal has the API's
 * error shape, says what to do, and changes nothing.
 */
describe('bad input: bodies that are not JSON, too large, or broken answer 4xx in the error shape', () => {
  let fabric: Fabric;
  let api: string;

  beforeAll(async () => {
    fabric = await createFabric('badin');
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-b', ['ocs-1']);
    await awaitSwitches(api, ['ocs-1']);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  const post = () => request(api).post('/v1/switches/ocs-1/cross-connects');

  it('a body sent as text is 415 naming the content type to use', async () => {
    const res = await post().set('content-type', 'text/plain').send('north=1&south=2').expect(415);
    expect(res.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'the cross-connect request must be a JSON body: send it with content-type: application/json',
    });
  });

  it('a body over the JSON limit is 413, not a server error', async () => {
    const res = await post().set('content-type', 'application/json').send(`{"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(res.body.message).toMatch(/split the request into smaller batches/);
  });

  it('broken JSON is 400 MALFORMED_JSON, and none of the above changed the switch', async () => {
    const res = await post().set('content-type', 'application/json').send('{"north":1,').expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    const map = await portMap(api, 'ocs-1');
    expect({ desired: map.desired, pending: map.pending, active: map.active }).toEqual({ desired: [], pending: [], active: [] });
  });

  it('item 7: path and query integers must be plain decimal', async () => {
    const made = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 16, south: 100 }).expect(202);
    expect((await awaitOperation(api, made.body.id)).status).toBe('succeeded');

    // Number() would read these as 16, 100, 5, 8, 5 and 5: each is refused, naming the parameter.
    for (const north of ['0x10', '1e2', '%205', '010', '+5', '5.0', '-1', '16%20', '99999999999999999999']) {
      const res = await request(api).delete(`/v1/switches/ocs-1/cross-connects/${north}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST' });
      expect(res.body.message).toMatch(/^invalid path parameter north: must be an integer/);
    }
    const port = await request(api).post('/v1/switches/ocs-1/ports/north/0x3/fail').send({}).expect(400);
    expect(port.body.message).toMatch(/^invalid path parameter port: /);
    for (const route of ['/v1/operations', '/v1/audit', '/v1/reservations']) {
      for (const limit of ['0x10', '1e2', '%205', '1.0', '', '5&limit=6']) {
        const res = await request(api).get(`${route}?limit=${limit}`).expect(400);
        expect(res.body).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^invalid (audit )?query: limit: must be .*integer from 1 to 1000/) });
      }
    }

    // Nothing changed: the cross-connect on north 16 is still there; plain decimal still works.
    expect((await portMap(api, 'ocs-1')).desired).toEqual([{ north: 16, south: 100 }]);
    expect((await request(api).get('/v1/operations?limit=5').expect(200)).body.operations.length).toBeGreaterThan(0);
    const removed = await request(api).delete('/v1/switches/ocs-1/cross-connects/16').expect(202);
    expect((await awaitOperation(api, removed.body.id)).status).toBe('succeeded');
  });
});
