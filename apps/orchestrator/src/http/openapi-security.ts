import type { OpenAPIObject } from '@nestjs/swagger';

export const BEARER_SCHEME = 'bearer';

/** How each kind of caller authenticates, shown with the security scheme in /docs. */
export const BEARER_DESCRIPTION = [
  'Every /v1 route needs `Authorization: Bearer <token>` (on /v1/events also `?access_token=`).',
  'A token is a static API token from API_TOKENS, or a JWT signed with the configured HS256 secret or RS256/ES256 key',
  'carrying `sub` (the caller, recorded in the audit log), `role`, `tenant` and `exp`.',
  '',
  'Examples per caller kind:',
  '- cluster scheduler: JWT `{"sub":"slurm-ctl","role":"scheduler","tenant":"ml-platform","exp":...}`',
  '- job launcher: JWT `{"sub":"job-4711","role":"launcher","tenant":"team-vision","exp":...}` (sees its own tenant only)',
  '- operator: API token `ops-oncall:operator:infra:<secret>` for cross-connects, drains and the audit log',
  '- dashboard: API token `grafana:viewer:infra:<secret>`, read-only, may watch /v1/events',
  '',
  'Roles, weakest first: viewer < launcher < scheduler < operator < admin; each may do what the ones before it may.',
].join('\n');

/**
 * Marks every /v1 operation as needing the bearer scheme, in one place instead of on every handler
 * (the guard, too, applies by path). The 401/403/429 answers are documented with the other common
 * errors (openapi-errors.ts).
 */
export function secureApiPaths(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      op.security = [{ [BEARER_SCHEME]: [] }];
    }
  }
  return document;
}
