import { describe, expect, it } from 'vitest';
import { ApiTokensSchema } from './api-tokens.schema';

describe('API_TOKENS', () => {
  it('reads the name:role:tenant:token list, keeping colons inside the token', () => {
    expect(ApiTokensSchema.parse('ops:operator:infra:abc:def:0123456789012')).toEqual([
      { name: 'ops', role: 'operator', tenant: 'infra', token: 'abc:def:0123456789012' },
    ]);
  });

  it('reads a JSON array', () => {
    const raw = JSON.stringify([{ name: 'ci', role: 'admin', tenant: 'infra', token: 'x'.repeat(20) }]);
    expect(ApiTokensSchema.parse(raw)[0].name).toBe('ci');
  });

  it('is empty when unset', () => {
    expect(ApiTokensSchema.parse(undefined)).toEqual([]);
  });

  it('names the entry and field of an unknown role, a short token, a reused name or token', () => {
    const issues = (raw: string) => ApiTokensSchema.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues('a:root:t:0123456789abcdef')[0]).toMatch(/^0\.role: /);
    expect(issues('a:admin:t:short')[0]).toBe('0.token: at least 16 characters');
    expect(issues('a:admin:t:0123456789abcdef,a:viewer:t:0123456789abcdeg')[0]).toMatch(/^1\.name: token name a appears twice/);
    expect(issues('a:admin:t:0123456789abcdef,b:viewer:t:0123456789abcdef')[0]).toMatch(/^1\.token: token of b is used by another entry/);
    expect(issues('[{"name":')[0]).toMatch(/not valid JSON/);
  });
});
