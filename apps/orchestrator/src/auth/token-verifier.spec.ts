import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfigSchema } from '../config/orchestrator.config';
import { AuthenticationError } from './auth-errors';
import { TokenVerifier } from './token-verifier';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';

function config(env: Record<string, string>) {
  return OrchestratorConfigSchema.parse(env);
}

async function failure(p: Promise<unknown>): Promise<AuthenticationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthenticationError);
  return err as AuthenticationError;
}

const jwt = (claims: Record<string, unknown>, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).setSubject('sched-7').setIssuedAt();

describe('TokenVerifier: static API tokens', () => {
  const env = { API_TOKENS: 'ci:admin:infra:ci-token-0123456789,dash:viewer:team-a:dash-token-0123456789' };

  it('maps a configured token to its name, role and tenant', async () => {
    const v = await TokenVerifier.create(config(env));
    expect(await v.verify('dash-token-0123456789')).toEqual({ name: 'dash', role: 'viewer', tenant: 'team-a', via: 'api-token' });
  });

  it('refuses a missing token and an unknown one with their kinds', async () => {
    const v = await TokenVerifier.create(config(env));
    expect((await failure(v.verify(undefined))).kind).toBe('missing');
    expect((await failure(v.verify('dash-token-0123456780'))).kind).toBe('invalid');
  });

  it('refuses a JWT when no JWT key is configured, saying so', async () => {
    const v = await TokenVerifier.create(config(env));
    const token = await jwt({ role: 'admin', tenant: 't' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect((await failure(v.verify(token))).message).toMatch(/no JWT key configured/);
  });
});

describe('TokenVerifier: JWTs', () => {
  it('accepts an HS256 JWT and reads sub, role and tenant', async () => {
    const v = await TokenVerifier.create(config({ JWT_HS256_SECRET: SECRET }));
    const exp = Math.floor(Date.now() / 1000) + 300;
    const token = await jwt({ role: 'scheduler', tenant: 'ml' }).setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));
    expect(await v.verify(token)).toEqual({ name: 'sched-7', role: 'scheduler', tenant: 'ml', via: 'jwt', expiresAt: exp * 1000 });
  });

  it.each(['RS256', 'ES256'] as const)('accepts a %s JWT signed by the configured public key, refuses another key', async (alg) => {
    const trusted = await generateKeyPair(alg);
    const other = await generateKeyPair(alg);
    const v = await TokenVerifier.create(config({ JWT_PUBLIC_KEY: await exportSPKI(trusted.publicKey), JWT_PUBLIC_KEY_ALG: alg }));
    const good = await jwt({ role: 'launcher', tenant: 'job-team' }, alg).setExpirationTime('5m').sign(trusted.privateKey);
    expect((await v.verify(good)).role).toBe('launcher');
    const forged = await jwt({ role: 'admin', tenant: 'job-team' }, alg).setExpirationTime('5m').sign(other.privateKey);
    expect((await failure(v.verify(forged))).message).toMatch(/signature does not verify/);
  });

  it('accepts a PEM whose newlines are escaped, as one-line env files carry it', async () => {
    const pair = await generateKeyPair('ES256');
    const pem = (await exportSPKI(pair.publicKey)).replace(/\n/g, '\\n');
    const v = await TokenVerifier.create(config({ JWT_PUBLIC_KEY: pem, JWT_PUBLIC_KEY_ALG: 'ES256' }));
    const token = await jwt({ role: 'viewer', tenant: 't' }, 'ES256').setExpirationTime('5m').sign(pair.privateKey);
    expect((await v.verify(token)).name).toBe('sched-7');
  });

  it('refuses an expired JWT as expired, beyond the clock tolerance', async () => {
    const v = await TokenVerifier.create(config({ JWT_HS256_SECRET: SECRET }));
    const token = await jwt({ role: 'admin', tenant: 't' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    const err = await failure(v.verify(token));
    expect(err.kind).toBe('expired');
    expect(err.message).toMatch(/expired at .*get a fresh one/);
  });

  it('refuses a JWT without exp, with an unknown role, or without a tenant, naming the claim', async () => {
    const v = await TokenVerifier.create(config({ JWT_HS256_SECRET: SECRET }));
    const key = new TextEncoder().encode(SECRET);
    expect((await failure(v.verify(await jwt({ role: 'admin', tenant: 't' }).sign(key)))).message).toMatch(/"exp"/);
    expect((await failure(v.verify(await jwt({ role: 'root', tenant: 't' }).setExpirationTime('5m').sign(key)))).message).toMatch(
      /claim "role" must be one of viewer, launcher, scheduler, operator, admin/,
    );
    expect((await failure(v.verify(await jwt({ role: 'admin' }).setExpirationTime('5m').sign(key)))).message).toMatch(/claim "tenant"/);
  });

  it('checks iss and aud when configured', async () => {
    const v = await TokenVerifier.create(config({ JWT_HS256_SECRET: SECRET, JWT_ISSUER: 'idp', JWT_AUDIENCE: 'lightpath' }));
    const key = new TextEncoder().encode(SECRET);
    const ok = await jwt({ role: 'viewer', tenant: 't' }).setIssuer('idp').setAudience('lightpath').setExpirationTime('5m').sign(key);
    expect((await v.verify(ok)).role).toBe('viewer');
    const wrong = await jwt({ role: 'viewer', tenant: 't' }).setIssuer('other').setAudience('lightpath').setExpirationTime('5m').sign(key);
    expect((await failure(v.verify(wrong))).message).toMatch(/claim "iss"/);
  });

  it('refuses an unsigned (alg none) token', async () => {
    const v = await TokenVerifier.create(config({ JWT_HS256_SECRET: SECRET }));
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'admin', tenant: 't', exp: 9999999999 })}.`;
    expect((await failure(v.verify(unsigned))).kind).toBe('invalid');
  });
});
