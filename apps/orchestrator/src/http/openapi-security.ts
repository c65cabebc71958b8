import type { OpenAPIObject } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

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

const errorResponse = (description: string, code: string, message: string): ResponseObject => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['statusCode', 'error', 'code', 'message'],
        properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
      example: { statusCode: Number(description.slice(0, 3)), error: description.slice(4), code, message },
    },
  },
});

const AUTH_RESPONSES: Record<string, ResponseObject> = {
  '401': errorResponse('401 Unauthorized', 'TOKEN_MISSING', 'no bearer token: send "Authorization: Bearer <token>" (an API token or a JWT)'),
  '403': errorResponse('403 Forbidden', 'ROLE_REQUIRED', 'POST /v1/switches/ocs-1/cross-connects needs role operator or higher; dash has viewer. Ask an admin for a token with that role.'),
  '429': errorResponse('429 Too Many Requests', 'RATE_LIMITED', 'infra/dash sent more than 10000 reads (GET) in 10000 ms; retry after 3 s (Retry-After). Changes have a budget of their own. To follow operations, watch GET /v1/events (server-sent events: one request for as long as it stays open) instead of polling GET /v1/operations/{id}'),
};

/**
 * Marks every /v1 operation as needing the bearer scheme and documents the answers the auth
 * guard and the rate limiter give, in one place instead of on every handler (the guard, too,
 * applies by path).
 */
export function secureApiPaths(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      op.security = [{ [BEARER_SCHEME]: [] }];
      op.responses = { ...AUTH_RESPONSES, ...op.responses };
    }
  }
  return document;
}
