import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from './principal';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';

class Handlers {
  list(): void {}
  other(): void {}
}

const storages: ThrottlerStorageService[] = [];

async function guard(limit: number): Promise<PrincipalThrottlerGuard> {
  const storage = new ThrottlerStorageService();
  storages.push(storage);
  const g = new PrincipalThrottlerGuard({ throttlers: [{ limit, ttl: 60_000 }] }, storage, new Reflector());
  await g.onModuleInit();
  return g;
}

function call(path: string, principal: Principal | undefined, handler: keyof Handlers = 'list', ip = '10.0.0.1') {
  const headers: Record<string, string | number> = {};
  const req = { path, ip, principal, headers: {} };
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
});

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
    expect(((err as HttpException).getResponse() as { message: string }).message).toMatch(/^team-a\/alice sent more than 2 requests in 60000 ms/);
    expect(Number(third.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('keeps callers apart even from one IP, and leaves paths outside /v1 alone', async () => {
    const g = await guard(1);
    expect(await g.canActivate(call('/v1/switches', alice).ctx)).toBe(true);
    expect(await g.canActivate(call('/v1/switches', bob).ctx)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await g.canActivate(call('/health/live', undefined).ctx)).toBe(true);
  });
});
