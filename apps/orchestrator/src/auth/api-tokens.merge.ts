import { type ApiToken, ApiTokensSchema } from '../config/api-tokens.schema';

/**
 * Adds tokens a launcher script owns (the demo's admin) to the ones the user configured in
 * API_TOKENS, instead of replacing them: `API_TOKENS=... npm run demo` keeps the user's viewers and
 * launchers. Both sides are validated with the orchestrator's own schema, so a typo is reported
 * here, before any process starts, with the same messages the orchestrator would print.
 */
export interface MergedApiTokens {
  /** The merged list as JSON, the API_TOKENS form that keeps tokens holding ',' or ':' intact. */
  value: string;
  tokens: ApiToken[];
  /**
   * One line per token (name, role, tenant): the secret of the script's own tokens is shown (it is
   * a documented default), the user's only as "(set in API_TOKENS)" so it never lands in a log.
   */
  lines: string[];
}

export class ApiTokensMergeError extends Error {
  override name = 'ApiTokensMergeError';
}

const same = (a: ApiToken, b: ApiToken) => a.name === b.name && a.role === b.role && a.tenant === b.tenant && a.token === b.token;

function parse(raw: string | undefined, what: string): ApiToken[] {
  const parsed = ApiTokensSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${[what, ...i.path].join('.')}: ${i.message}`).join('\n');
  throw new ApiTokensMergeError(
    `api-tokens.merge: ${what} is not valid:\n${problems}\nformat: name:role:tenant:token,... or [{"name","role","tenant","token"}] (docs/configuration.md)`,
  );
}

/**
 * `configured` is the user's API_TOKENS (either form, may be unset); `own` are the script's tokens.
 * An entry repeated verbatim is kept once; one that reuses an own token's name or secret for
 * something else is refused, since either way the script's own calls or the audit log's names would
 * silently change meaning.
 */
export function mergeApiTokens(configured: string | undefined, own: ApiToken[]): MergedApiTokens {
  const mine = parse(JSON.stringify(own), 'own tokens');
  const theirs = parse(configured, 'API_TOKENS');
  const added: ApiToken[] = [];
  for (const t of theirs) {
    const clash = mine.find((m) => m.name === t.name || m.token === t.token);
    if (!clash) added.push(t);
    else if (!same(clash, t)) {
      const [why, fix] =
        clash.name === t.name
          ? [`takes the name of`, `give your entry another name`]
          : [`reuses the token of`, `give your entry a token of its own (or set DEMO_TOKEN to another value)`];
      throw new ApiTokensMergeError(`api-tokens.merge: API_TOKENS entry ${t.name} ${why} ${clash.name}, the demo's own ${clash.role} caller; ${fix}`);
    }
  }
  const tokens = parse(JSON.stringify([...mine, ...added]), 'merged tokens');
  const width = (pick: (t: ApiToken) => string, title: string) => Math.max(title.length, ...tokens.map((t) => pick(t).length));
  const [wn, wr, wt] = [width((t) => t.name, 'name'), width((t) => t.role, 'role'), width((t) => t.tenant, 'tenant')];
  const row = (name: string, role: string, tenant: string, token: string) => `${name.padEnd(wn)}  ${role.padEnd(wr)}  ${tenant.padEnd(wt)}  ${token}`;
  const lines = [
    row('name', 'role', 'tenant', 'token'),
    ...tokens.map((t) => row(t.name, t.role, t.tenant, mine.some((m) => m.name === t.name) ? t.token : '(set in API_TOKENS)')),
  ];
  return { value: JSON.stringify(tokens), tokens, lines };
}
