import { z } from 'zod';
import { ROLES } from '@lightpath/contracts';

/**
 * Static API tokens from configuration (API_TOKENS): either a JSON array of
 * {name, role, tenant, token} or a comma-separated list of `name:role:tenant:token`.
 * Validated at start-up, so a typo in a role or a reused token stops the process.
 */
export const ApiTokenSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9._@-]{1,128}$/, 'letters, digits and ._@- only'),
  role: z.enum(ROLES),
  tenant: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'letters, digits and ._- only'),
  // 16+ characters: shorter secrets are guessable within the rate limit's patience.
  token: z.string().min(16, 'at least 16 characters').max(512).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

function parseList(raw: string): unknown[] {
  const text = raw.trim();
  if (text === '') return [];
  if (text.startsWith('[')) return JSON.parse(text) as unknown[];
  return text.split(',').map((entry) => {
    const [name, role, tenant, ...rest] = entry.trim().split(':');
    // The token itself may contain ':'; everything after the third one belongs to it.
    return { name, role, tenant, token: rest.join(':') };
  });
}

export const ApiTokensSchema = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    try {
      return parseList(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not valid JSON (${(err as Error).message}); use [{"name","role","tenant","token"}] or name:role:tenant:token,...` });
      return z.NEVER;
    }
  })
  .pipe(z.array(ApiTokenSchema))
  .superRefine((tokens, ctx) => {
    const names = new Set<string>();
    const secrets = new Set<string>();
    tokens.forEach((t, i) => {
      if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `token name ${t.name} appears twice; names identify callers in the audit log` });
      if (secrets.has(t.token)) ctx.addIssue({ code: 'custom', path: [i, 'token'], message: `token of ${t.name} is used by another entry; give each caller its own` });
      names.add(t.name);
      secrets.add(t.token);
    });
  });
