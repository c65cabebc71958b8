import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfigSchema } from '../config/orchestrator.config';
import { AuthGuard } from './auth.guard';
import type { Principal } from './principal';
import { ROLES, roleAtLeast, type Role } from '@lightpath/contracts';
import { AllowQueryToken, Roles } from './roles.decorator';
import { TokenVerifier } from './token-verifier';

const TOKENS = ROLES.map((r) => `${r}-user:${r}:team-a:${r}-token-0123456789`).join(',');

class Handlers {
  read(): void {}
  @Roles('operator')
  mutate(): void {}
  @AllowQueryToken()
  stream(): void {}
}

interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  principal?: Principal;
}

function context(req: FakeRequest, handler: keyof Handlers, type = 'http'): { ctx: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) };
  const ctx = {
    getType: () => type,
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, headers };
}

const request = (method: string, path: string, token?: string, query: Record<string, string> = {}): FakeRequest => ({
  method,
  path,
  headers: token ? { authorization: `Bearer ${token}` } : {},
  query,
});

async function guard(): Promise<AuthGuard> {
  return new AuthGuard(await TokenVerifier.create(OrchestratorConfigSchema.parse({ API_TOKENS: TOKENS })), new Reflector());
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpException);
  return { status: (err as HttpException).getStatus(), ...((err as HttpException).getResponse() as { code: string; message: string }) };
}

describe('roles', () => {
  it('are totally ordered viewer < launcher < scheduler < operator < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('scheduler', 'operator')).toBe(false);
    expect(roleAtLeast('viewer', 'launcher')).toBe(false);
  });
});

describe('AuthGuard', () => {
  it('leaves health, metrics, docs and Kafka handlers open', async () => {
    const g = await guard();
    expect(await g.canActivate(context(request('GET', '/health/ready'), 'read').ctx)).toBe(true);
    expect(await g.canActivate(context(request('GET', '/metrics'), 'read').ctx)).toBe(true);
    expect(await g.canActivate(context(request('GET', '/v1x'), 'read').ctx)).toBe(true);
    expect(await g.canActivate(context(request('GET', '/v1/switches'), 'read', 'rpc').ctx)).toBe(true);
  });

  it('answers 401 TOKEN_MISSING with WWW-Authenticate when /v1 is called without a token', async () => {
    const { ctx, headers } = context(request('GET', '/v1/switches'), 'read');
    expect(await refusal((await guard()).canActivate(ctx))).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });
    expect(headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('answers 401 TOKEN_INVALID for an unknown token and for a non-Bearer header', async () => {
    const g = await guard();
    expect(await refusal(g.canActivate(context(request('GET', '/v1/switches', 'nope-0123456789abcdef'), 'read').ctx))).toMatchObject({
      status: 401,
      code: 'TOKEN_INVALID',
    });
    const basic = { ...request('GET', '/v1/switches'), headers: { authorization: 'Basic dXNlcjpwdw==' } };
    expect((await refusal(g.canActivate(context(basic, 'read').ctx))).message).toMatch(/must be "Bearer <token>"/);
  });

  it('lets every role read, and only operator and admin call an @Roles("operator") handler', async () => {
    const g = await guard();
    for (const role of ROLES) {
      const req = request('GET', '/v1/switches', `${role}-token-0123456789`);
      expect(await g.canActivate(context(req, 'read').ctx)).toBe(true);
      expect(req.principal).toEqual({ name: `${role}-user`, role, tenant: 'team-a', via: 'api-token' });
    }
    const allowed: Role[] = [];
    for (const role of ROLES) {
      const res = g.canActivate(context(request('POST', '/v1/switches/ocs-1/cross-connects', `${role}-token-0123456789`), 'mutate').ctx);
      if (await res.catch(() => false)) allowed.push(role);
    }
    expect(allowed).toEqual(['operator', 'admin']);
  });

  it('answers 403 naming the role needed and the role held', async () => {
    const req = request('POST', '/v1/switches/ocs-1/cross-connects', 'viewer-token-0123456789');
    const err = await refusal((await guard()).canActivate(context(req, 'mutate').ctx));
    expect(err).toMatchObject({ status: 403, code: 'ROLE_REQUIRED' });
    expect(err.message).toBe('POST /v1/switches/ocs-1/cross-connects needs role operator or higher; viewer-user has viewer. Ask an admin for a token with that role.');
  });

  it('needs admin for a mutation without @Roles (deny by default)', async () => {
    const g = await guard();
    expect((await refusal(g.canActivate(context(request('DELETE', '/v1/x', 'operator-token-0123456789'), 'read').ctx))).message).toMatch(
      /needs role admin/,
    );
    expect(await g.canActivate(context(request('DELETE', '/v1/x', 'admin-token-0123456789'), 'read').ctx)).toBe(true);
  });

  it('accepts ?access_token= only where the handler allows it', async () => {
    const g = await guard();
    const query = { access_token: 'viewer-token-0123456789' };
    expect(await g.canActivate(context(request('GET', '/v1/events', undefined, query), 'stream').ctx)).toBe(true);
    const err = await refusal(g.canActivate(context(request('GET', '/v1/switches', undefined, query), 'read').ctx));
    expect(err.message).toMatch(/accepted only on \/v1\/events/);
  });
});
