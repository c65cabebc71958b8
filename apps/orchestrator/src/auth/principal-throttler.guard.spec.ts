import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from './principal';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { rateLimitThrottler } from './rate-limit-budget';

class Handlers {
  list(): void {}
  other(): void {}
}

const storages: ThrottlerStorageService[] = [];

/** A guard as the auth module configures it: `reads` GETs and `changes` other requests per caller in `ttl` ms. */
async function guard(reads: number, changes = reads, ttl = 60_000): Promise<PrincipalThrottlerGuard> {
  const storage = new ThrottlerStorageService();
  storages.push(storage);
  const throttler = rateLimitThrottler({ RATE_LIMIT_READ_REQUESTS: reads, RATE_LIMIT_REQUESTS: changes, RATE_LIMIT_WINDOW_MS: ttl });
  const g = new PrincipalThrottlerGuard({ throttlers: [throttler] }, storage, new Reflector());
  await g.onModuleInit();
  return g;
}

function call(path: string, principal: Principal | undefined, handler: keyof Handlers = 'list', method = 'GET') {
  const headers: Record<string, string | number> = {};
  const req = { path, ip: '10.0.0.1', method, principal, headers: {} };
  const res = { header: (k: string, v: string | number) => (headers[k] = v) };
  const ctx = {
    getType: () => 'http',
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, headers };
}

const alice: Principal = { name: 'alice', role: 'viewer', tenant: 'team-a', via: 'api-token' };
const bob: Principal = { name: 'bob', role: 'viewer', tenant: 'team-a', via: 'api-token' };

afterEach(() => {
  for (const s of storages.splice(0)) s.onApplicationShutdown();
  vi.useRealTimers();
});

const refusal = (g: PrincipalThrottlerGuard, ctx: ExecutionContext) =>
  g.canActivate(ctx).then(
    () => undefined,
    (e: unknown) => e as HttpException,
  );

describe('PrincipalThrottlerGuard', () => {
  it('counts per principal across routes and answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
    const g = await guard(2);
    expect(await g.canActivate(call('/v1/switches', alice).ctx)).toBe(true);
    expect(await g.canActivate(call('/v1/operations', alice, 'other').ctx)).toBe(true);
    const third = call('/v1/switches', alice);
    const err = await g.canActivate(third.ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpException);
    expect((err as HttpException).getStatus()).toBe(429);
    expect((err as HttpException).getResponse()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    const message = ((err as HttpException).getResponse() as { message: string }).message;
    expect(message).toMatch(/^team-a\/alice sent more than 2 reads \(GET\) in 60000 ms; retry after \d+ s \(Retry-After\)/);
    expect(message).toMatch(/watch GET \/v1\/events .* instead of polling GET \/v1\/operations\/\{id\}/);
    expect(Number(third.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('counts reads and changes apart: polling up to the read limit leaves every change of the budget, and the other way round', async () => {
    const g = await guard(3, 2);
    for (let i = 0; i < 3; i++) expect(await g.canActivate(call('/v1/operations/sop-1', alice).ctx)).toBe(true);
    expect((await refusal(g, call('/v1/operations/sop-1', alice).ctx))?.getStatus()).toBe(429);
    expect(await g.canActivate(call('/v1/reservations', alice, 'other', 'POST').ctx)).toBe(true);
    expect(await g.canActivate(call('/v1/reservations/r/renew', alice, 'other', 'POST').ctx)).toBe(true);
    const refused = await refusal(g, call('/v1/reservations', alice, 'other', 'DELETE').ctx);
    expect((refused?.getResponse() as { message: string }).message).toMatch(/sent more than 2 changes \(POST, PUT, PATCH, DELETE\) in 60000 ms.*Reads have a budget of their own.*\/v1\/events/);
  });

  it('refuses only until the oldest request leaves the window, not for a whole window after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const g = await guard(2, 2, 10_000);
    expect(await g.canActivate(call('/v1/operations/op-1', alice).ctx)).toBe(true);
    vi.setSystemTime(1_004_000);
    expect(await g.canActivate(call('/v1/operations/op-1', alice).ctx)).toBe(true);
    const third = call('/v1/operations/op-1', alice);
    expect((await refusal(g, third.ctx))?.getStatus()).toBe(429);
    // The first request ages out at 1_010_000: 6 s from now, not 10.
    expect(third.headers['Retry-After']).toBe(6);
    vi.setSystemTime(1_010_001);
    expect(await g.canActivate(call('/v1/operations/op-1', alice).ctx)).toBe(true);
    expect((await refusal(g, call('/v1/operations/op-1', alice).ctx))?.getStatus()).toBe(429);
  });

  it('keeps callers apart even from one IP, and leaves paths outside /v1 alone', async () => {
    const g = await guard(1);
    expect(await g.canActivate(call('/v1/switches', alice).ctx)).toBe(true);
    expect(await g.canActivate(call('/v1/switches', bob).ctx)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await g.canActivate(call('/health/live', undefined).ctx)).toBe(true);
  });
});
