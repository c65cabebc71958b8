import { describe, expect, it } from 'vitest';
import { ApiTokensSchema } from '../config/api-tokens.schema';
import { ApiTokensMergeError, mergeApiTokens } from './api-tokens.merge';

const demo = { name: 'demo-admin', role: 'admin' as const, tenant: 'demo', token: 'lightpath-demo-admin-token' };

describe('mergeApiTokens (the demo adds its admin to API_TOKENS instead of replacing it)', () => {
  it('keeps the user tokens of either form next to its own, as a value the orchestrator accepts', () => {
    const merged = mergeApiTokens('viewer-1:viewer:team-a:viewer-token-0123456,job:launcher:team-b:a:b:launcher-token-01', [demo]);
    expect(merged.tokens.map((t) => `${t.name}/${t.role}/${t.tenant}`)).toEqual(['demo-admin/admin/demo', 'viewer-1/viewer/team-a', 'job/launcher/team-b']);
    expect(ApiTokensSchema.parse(merged.value)).toEqual(merged.tokens);
    expect(merged.tokens[2].token).toBe('a:b:launcher-token-01');

    const json = JSON.stringify([{ name: 'ci', role: 'operator', tenant: 'infra', token: 'x'.repeat(20) }]);
    expect(mergeApiTokens(json, [demo]).tokens.map((t) => t.name)).toEqual(['demo-admin', 'ci']);
  });

  it('is only its own tokens when API_TOKENS is unset or empty', () => {
    expect(mergeApiTokens(undefined, [demo]).tokens).toEqual([demo]);
    expect(mergeApiTokens('  ', [demo]).tokens).toEqual([demo]);
  });

  it('lists name, role and tenant of every token, and the secret of its own only', () => {
    const { lines } = mergeApiTokens('viewer-1:viewer:team-a:viewer-token-0123456', [demo]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^name\s+role\s+tenant\s+token$/);
    expect(lines[1]).toMatch(/^demo-admin\s+admin\s+demo\s+lightpath-demo-admin-token$/);
    expect(lines[2]).toMatch(/^viewer-1\s+viewer\s+team-a\s+\(set in API_TOKENS\)$/);
    expect(lines.join('\n')).not.toContain('viewer-token-0123456');
  });

  it('keeps a verbatim repeat of its own token once', () => {
    expect(mergeApiTokens(`demo-admin:admin:demo:${demo.token}`, [demo]).tokens).toEqual([demo]);
  });

  it('refuses a user entry that takes its own name or secret for another caller', () => {
    expect(() => mergeApiTokens('demo-admin:viewer:demo:some-other-token-123', [demo])).toThrow(/takes the name of demo-admin/);
    expect(() => mergeApiTokens(`someone:viewer:demo:${demo.token}`, [demo])).toThrow(/reuses the token of demo-admin/);
  });

  it('refuses an invalid API_TOKENS naming the entry and field, before anything starts', () => {
    expect(() => mergeApiTokens('v:watcher:team-a:viewer-token-0123456', [demo])).toThrow(/API_TOKENS\.0\.role: /);
    expect(() => mergeApiTokens('v:viewer:team-a:short', [demo])).toThrow(ApiTokensMergeError);
    expect(() => mergeApiTokens('a:viewer:t:viewer-token-0123456,b:viewer:t:viewer-token-0123456', [demo])).toThrow(/API_TOKENS\.1\.token/);
  });
});
