import { rmSync } from 'node:fs';
import { waitFor, openEventStream, type EventStream, type SseFrame } from '@lightpath/testing';
import { SignJWT } from 'jose';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

type Frame = SseFrame<{ kind: string; type: string; switchId: string; data: Record<string, unknown> }>;
type Stream = EventStream<NonNullable<Frame['data']>>;

async function subscribe(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const stream = await openEventStream<NonNullable<Frame['data']>>(url, headers);
  expect(stream.contentType).toMatch(/^text\/event-stream/);
  return stream;
}

const JWT_SECRET = 'watch-e2e-secret-of-at-least-32-bytes';

describe('watching: /v1/events streams operation, alarm, port and switch changes', () => {
  let fabric: Fabric;
  let api: string;
  const open: Stream[] = [];
  const watch = async (query: string, headers?: Record<string, string>) => {
    const s = await subscribe(`${api}/v1/events${query}`, headers ?? { authorization: `Bearer ${fabric.adminToken}` });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    // A short staleness (agents heartbeat every 500 ms here) so a stopped agent is soon unreachable.
    fabric = await createFabric('watch', { WATCH_HEARTBEAT_MS: '200', SWITCH_STALE_MS: '1500', JWT_HS256_SECRET: JWT_SECRET });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-w', ['ocs-1', 'ocs-2']);
    await awaitSwitches(api, ['ocs-1', 'ocs-2']);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('a subscriber sees its cross-connect operation go running then succeeded, in order, without polling', async () => {
    const stream = await watch('?kinds=operation&switchId=ocs-1');
    const created = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 1, south: 5 }).expect(202);
    const mine = () => stream.frames.filter((f) => f.data?.data.operationId === created.body.id);
    await waitFor('the operation to succeed on the stream', () => mine().some((f) => f.data?.type === 'succeeded'));
    expect(mine().map((f) => [f.event, f.data?.type])).toEqual([
      ['operation', 'running'],
      ['operation', 'succeeded'],
    ]);
    const [running, succeeded] = mine();
    expect(Number(succeeded.id!.split('.')[1])).toBeGreaterThan(Number(running.id!.split('.')[1]));
    expect(succeeded.data?.data).toMatchObject({ status: 'succeeded', operationKind: 'connect', pairs: [{ north: 1, south: 5 }] });
    expect(succeeded.data?.data.switchingMs).toBeGreaterThan(0);
    // Filters: only operations, only ocs-1.
    await request(api).post('/v1/switches/ocs-2/cross-connects').send({ north: 1, south: 5 }).expect(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.frames.every((f) => f.event === 'operation' && f.data?.switchId === 'ocs-1')).toBe(true);
  });

  it('sends heartbeat comments while nothing happens, so proxies keep the stream open', async () => {
    const stream = await watch('?kinds=alarm&switchId=ocs-9');
    await waitFor('two heartbeats', () => stream.comments.filter((c) => c === 'heartbeat').length >= 2);
    expect(stream.frames).toEqual([]);
  });

  it('a failed port in the simulator arrives as an alarm and as a port health change', async () => {
    const stream = await watch('?kinds=alarm,port&switchId=ocs-2');
    await supertest(fabric.agents[0].url).post('/admin/switches/ocs-2/faults').send({ kind: 'fail-port', side: 'north', port: 40 }).expect(202);
    const seen = await waitFor('alarm and port events', () => {
      const alarm = stream.frames.find((f) => f.event === 'alarm' && f.data?.data.code === 'PORT_FAILED');
      const port = stream.frames.find((f) => f.event === 'port' && f.data?.type === 'failed' && f.data.data.port === 40);
      return alarm && port ? { alarm, port } : undefined;
    });
    expect(seen.alarm.data).toMatchObject({ kind: 'alarm', type: 'critical', switchId: 'ocs-2', data: { port: { side: 'north', port: 40 } } });
    expect(seen.port.data?.data).toEqual({ side: 'north', port: 40, health: 'failed' });
  });

  it('a client that reconnects with Last-Event-ID gets the events it missed', async () => {
    const first = await watch('?kinds=operation');
    const created = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 2, south: 6 }).expect(202);
    const running = await waitFor('running', () => first.frames.find((f) => f.data?.data.operationId === created.body.id));
    first.close();
    await waitFor('the operation to finish', async () => (await request(api).get(`/v1/operations/${created.body.id}`)).body.status === 'succeeded');
    const resumed = await watch('?kinds=operation', { authorization: `Bearer ${fabric.adminToken}`, 'last-event-id': running.id! });
    const replayed = await waitFor('the replayed event', () => resumed.frames.find((f) => f.data?.data.operationId === created.body.id));
    expect(replayed.data?.type).toBe('succeeded');
  });

  it('takes the token as ?access_token= (EventSource cannot set headers), and refuses bad filters or no token', async () => {
    const stream = await watch(`?kinds=switch&access_token=${fabric.adminToken}`);
    expect(stream.comments).toContain('subscribed');
    const none = await supertest(api).get('/v1/events').expect(401);
    expect(none.body.code).toBe('TOKEN_MISSING');
    const bad = await request(api).get('/v1/events?kinds=operation,weather').expect(400);
    expect(bad.body.message).toMatch(/^invalid event filter: kinds\.1: /);
    const typo = await request(api).get('/v1/events?kind=operation').expect(400);
    expect(typo.body.message).toMatch(/Unrecognized key: "kind"/);
  });

  it('a stream opened with a JWT ends when the JWT expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const jwt = await new SignJWT({ role: 'viewer', tenant: 'dash' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dashboard')
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const stream = await watch('?kinds=switch', { authorization: `Bearer ${jwt}` });
    await waitFor('the stream to end', () => stream.ended, { timeoutMs: 8_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
  });

  it('a stream on a follower replica sees the operations the leader runs, once each (shared through Redis)', async () => {
    const follower = await fabric.startReplica('watch-follower');
    const stream = await subscribe(`${follower.url}/v1/events?kinds=operation`, { authorization: `Bearer ${fabric.adminToken}` });
    open.push(stream);
    const created = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 7, south: 8 }).expect(202);
    const mine = () => stream.frames.filter((f) => f.data?.data.operationId === created.body.id).map((f) => f.data?.type);
    await waitFor('the operation to succeed on the follower', () => mine().includes('succeeded'));
    await new Promise((r) => setTimeout(r, 300));
    expect(mine()).toEqual(['running', 'succeeded']);
  });

  it('switch events: an agent that stops is reported unreachable, and reachable with a new registration when it returns', async () => {
    const stream = await watch('?kinds=switch&switchId=ocs-1');
    await fabric.agents[0].stop();
    fabric.agents.splice(0, 1);
    await waitFor('unreachable', () => stream.frames.some((f) => f.data?.type === 'unreachable'), { timeoutMs: 10_000 });
    await fabric.startAgent('agent-w', ['ocs-1', 'ocs-2']);
    await waitFor('registered and reachable', () => {
      const types = stream.frames.map((f) => f.data?.type);
      return types.includes('registered') && types.lastIndexOf('reachable') > types.indexOf('unreachable');
    });
  });
});
