import { rmSync } from 'node:fs';
import { SignJWT } from 'jose';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitSwitches, portMap, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

const VIEWER = 'viewer-token-e2e-0123456789';
const OPERATOR = 'operator-token-e2e-0123456789';
const SECRET = 'e2e-jwt-secret-that-is-at-least-32-bytes';
const TOKENS = [
  { name: 'e2e-admin', role: 'admin', tenant: 'e2e', token: ADMIN_TOKEN },
  { name: 'dashboard', role: 'viewer', tenant: 'team-a', token: VIEWER },
  { name: 'ops-oncall', role: 'operator', tenant: 'infra', token: OPERATOR },
];

const signJwt = (claims: Record<string, unknown>, exp: number | string) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(String(claims.sub)).setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));

describe('access control: tokens, roles, audit and rate limits on a real orchestrator', () => {
  let fabric: Fabric;
  let api: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    fabric = await createFabric('access', { API_TOKENS: JSON.stringify(TOKENS), JWT_HS256_SECRET: SECRET });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-x', ['ocs-1']);
    await awaitSwitches(api, ['ocs-1']);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('refuses /v1 without a token (401), leaves health, metrics and the OpenAPI document open', async () => {
    const res = await supertest(api).get('/v1/switches').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'TOKEN_MISSING' });
    expect(res.body.message).toMatch(/send "Authorization: Bearer <token>"/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    await supertest(api).get('/health/live').expect(200);
    await supertest(api).get('/metrics').expect(200);
    const doc = (await supertest(api).get('/openapi.json').expect(200)).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/switches'].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/v1/switches/{switchId}/cross-connects'].post.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
  });

  it('refuses an unknown token and an expired JWT with 401 and says which', async () => {
    const bad = await supertest(api).get('/v1/switches').set(as('not-a-real-token-0123456789')).expect(401);
    expect(bad.body.code).toBe('TOKEN_INVALID');
    const expired = await signJwt({ sub: 'late-job', role: 'admin', tenant: 't' }, Math.floor(Date.now() / 1000) - 120);
    const res = await supertest(api).get('/v1/switches').set(as(expired)).expect(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
    expect(res.body.message).toMatch(/the JWT expired at .*get a fresh one/);
    const forged = await new SignJWT({ role: 'admin', tenant: 't' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'));
    expect((await supertest(api).get('/v1/switches').set(as(forged)).expect(401)).body.message).toMatch(/signature does not verify/);
  });

  it('a viewer reads but cannot create a cross-connect (403 naming the role needed), and nothing changes', async () => {
    await supertest(api).get('/v1/switches').set(as(VIEWER)).expect(200);
    const res = await supertest(api).post('/v1/switches/ocs-1/cross-connects').set(as(VIEWER)).send({ north: 3, south: 4 }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'ROLE_REQUIRED' });
    expect(res.body.message).toMatch(/needs role operator or higher; dashboard has viewer/);
    const map = await portMap(api, 'ocs-1');
    expect(map.desired.some((c) => c.north === 3)).toBe(false);
    expect((await supertest(api).get('/v1/audit').set(as(VIEWER)).expect(403)).body.message).toMatch(/needs role operator/);
  });

  it('an operator (API token or JWT) creates cross-connects, and the audit log names each principal with the outcome', async () => {
    const byToken = await supertest(api).post('/v1/switches/ocs-1/cross-connects').set(as(OPERATOR)).send({ north: 3, south: 4 }).expect(202);
    const jwt = await signJwt({ sub: 'sched-jwt', role: 'operator', tenant: 'ml' }, '5m');
    const byJwt = await supertest(api).post('/v1/switches/ocs-1/cross-connects').set(as(jwt)).send({ north: 5, south: 6 }).expect(202);
    expect((await awaitOperation(api, byToken.body.id)).status).toBe('succeeded');
    expect((await awaitOperation(api, byJwt.body.id)).status).toBe('succeeded');

    const audit = await supertest(api).get('/v1/audit?limit=10').set(as(OPERATOR)).expect(200);
    const entry = (id: string) => audit.body.entries.find((e: { operationId?: string }) => e.operationId === id);
    expect(entry(byToken.body.id)).toMatchObject({ who: 'ops-oncall', action: 'connect', target: 'ocs-1', outcome: 'accepted', operationStatus: 'succeeded' });
    expect(entry(byJwt.body.id)).toMatchObject({ who: 'sched-jwt', action: 'connect', operationStatus: 'succeeded' });

    // Paging: one entry per page, the second page starts after the first's id.
    const first = await supertest(api).get('/v1/audit?limit=1').set(as(OPERATOR)).expect(200);
    const second = await supertest(api).get(`/v1/audit?limit=1&before=${first.body.next}`).set(as(OPERATOR)).expect(200);
    expect(second.body.entries[0].id < first.body.entries[0].id).toBe(true);
    expect((await supertest(api).get('/v1/audit?before=yesterday').set(as(OPERATOR)).expect(400)).body.message).toMatch(/^invalid audit query: before: /);
  });

  it('rate-limits per token: past the limit a token gets 429 with Retry-After, while another token is still served', async () => {
    await fabric.orchestrator.stop();
    api = (await fabric.startOrchestrator({ RATE_LIMIT_READ_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000' })).url;
    for (let i = 0; i < 3; i++) await supertest(api).get('/v1/switches').set(as(VIEWER)).expect(200);
    const res = await supertest(api).get('/v1/switches').set(as(VIEWER)).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
    expect(res.body.message).toMatch(/team-a\/dashboard sent more than 3 reads \(GET\) in 60000 ms/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await request(api).get('/v1/switches').expect(200);
    await supertest(api).get('/health/live').expect(200);
  });
});
