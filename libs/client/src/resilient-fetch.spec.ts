import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LightpathUnreachableError } from './client-errors';
import { resilientFetch, retryAfterMs } from './resilient-fetch';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A scripted server: answers in order, recording what it was sent. */
function scripted(answers: ((req: Request) => Response)[]) {
  const seen: { url: string; method: string; body: string; auth: string | null }[] = [];
  const fetchImpl = (async (input: Request | string | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, method: req.method, body: await req.text(), auth: req.headers.get('authorization') });
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    return next(req);
  }) as typeof fetch;
  return { fetchImpl, seen };
}

describe('resilientFetch', () => {
  it('waits Retry-After on 429 and sends the same request again', async () => {
    const waits: number[] = [];
    const { fetchImpl, seen } = scripted([() => json(429, { code: 'RATE_LIMITED' }, { 'retry-after': '2' }), () => json(202, { id: 'op-1' })]);
    const f = resilientFetch({ fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) });
    const res = await f('http://a:1/v1/switches/ocs-1/cross-connects', { method: 'POST', body: '{"north":1,"south":2}', headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(202);
    expect(waits).toEqual([2_000]);
    expect(seen.map((s) => s.body)).toEqual(['{"north":1,"south":2}', '{"north":1,"south":2}']);
  });

  it('follows 503 NOT_LEADER to the leader GET /v1/leader names, with the same body and token', async () => {
    const { fetchImpl, seen } = scripted([
      () => json(503, { code: 'NOT_LEADER', message: 'follower' }, { 'retry-after': '1' }),
      () => json(200, { isLeader: false, leaderUrl: 'http://leader:2' }),
      () => json(202, { id: 'sop-1' }),
    ]);
    const f = resilientFetch({ fetch: fetchImpl, sleep: async () => {} });
    const res = await f('http://follower:1/v1/fabric/freeze?x=1', { method: 'POST', body: '{}', headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(202);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST http://follower:1/v1/fabric/freeze?x=1',
      'GET http://follower:1/v1/leader',
      'POST http://leader:2/v1/fabric/freeze?x=1',
    ]);
    expect(seen[2].auth).toBe('Bearer t');
    expect(seen[1].auth).toBe('Bearer t');
  });

  it('waits and retries NOT_LEADER while no leader is elected, then returns the last answer once retries run out', async () => {
    const notLeader = () => json(503, { code: 'NOT_LEADER' }, { 'retry-after': '1' });
    const noLeader = () => json(200, { isLeader: false, leaderUrl: null });
    const { fetchImpl } = scripted([notLeader, noLeader, notLeader, noLeader, notLeader]);
    const f = resilientFetch({ fetch: fetchImpl, sleep: async () => {}, maxRetries: 2 });
    expect((await f('http://a:1/v1/fabric/freeze', { method: 'POST' })).status).toBe(503);
  });

  it('returns other 503s (STATE_UNAVAILABLE) at once: the caller decides', async () => {
    const { fetchImpl, seen } = scripted([() => json(503, { code: 'STATE_UNAVAILABLE' }, { 'retry-after': '2' })]);
    expect((await resilientFetch({ fetch: fetchImpl })('http://a:1/v1/switches')).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('names the server when nothing answers', async () => {
    // A port that was just free: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const f = resilientFetch({ timeoutMs: 2_000 });
    await expect(f(`http://127.0.0.1:${port}/v1/switches`)).rejects.toThrow(LightpathUnreachableError);
    await expect(f(`http://127.0.0.1:${port}/v1/switches`)).rejects.toThrow(`cannot reach the lightpath API at http://127.0.0.1:${port}: connection refused`);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(null)).toBe(1_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });
});
