import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { leastRole, REQUIRED_ROLE_EXTENSION, type Role } from '@lightpath/contracts';

/**
 * The error answers every route can give by what it is (under /v1, its least role, whether it takes
 * parameters or a body, whether it changes anything), documented on each operation of the
 * generated OpenAPI document from one table, so a new route is documented by being written.
 * Answers only one route gives (409 RESERVATION_NO_CAPACITY, 422 INTENT_INFEASIBLE, ...) stay on
 * the handler as @ApiResponse; both get the error envelope schema here.
 */

/** What the table reads about a route. */
export interface RouteTraits {
  /** Under /v1: authenticated, rate limited, backed by Redis. */
  api: boolean;
  method: string;
  role: Role;
  /** Takes path parameters (an id, a port, a name): they may name nothing. */
  pathParams: boolean;
  /** Takes path or query parameters, each validated. */
  params: boolean;
  /** Takes a JSON body. */
  body: boolean;
  /** Opens an operation that claims ports and sends commands to switches (@OpensOperation). */
  opensOperation: boolean;
}

export interface CommonError {
  status: number;
  code: string;
  /** When the route answers it, in the words of docs/api.md. */
  when: string;
  appliesTo: (r: RouteTraits) => boolean;
}

const mutation = (r: RouteTraits) => r.api && r.method !== 'get';

const OPENS_OPERATION_EXTENSION = 'x-opens-operation';

/**
 * Marks a handler that opens an operation through the engine (claims ports, sends commands): it
 * may be refused for a busy or failed port or a frozen fabric (409), and a command the broker does
 * not take is a 503. Shown in the document as `x-opens-operation`.
 */
export const OpensOperation = () => ApiExtension(OPENS_OPERATION_EXTENSION, true);

/** The one table: docs/api.md "Errors" lists the same codes. */
export const COMMON_ERRORS: readonly CommonError[] = [
  { status: 400, code: 'INVALID_REQUEST', when: 'a parameter or body field breaks its schema; the message names it', appliesTo: (r) => r.params || r.body },
  { status: 400, code: 'MALFORMED_JSON', when: 'the body is not JSON', appliesTo: (r) => r.body },
  { status: 401, code: 'TOKEN_MISSING', when: 'no bearer token (also TOKEN_INVALID, TOKEN_EXPIRED; with WWW-Authenticate: Bearer)', appliesTo: (r) => r.api },
  { status: 403, code: 'ROLE_REQUIRED', when: "the caller's role is below the route's x-required-role", appliesTo: (r) => r.api && r.role !== 'viewer' },
  { status: 404, code: 'NOT_FOUND', when: "the switch, operation, reservation, topology or port named in the path does not exist, or is another tenant's", appliesTo: (r) => r.pathParams },
  {
    status: 409,
    code: 'PORT_BUSY',
    when: 'a port has a cross-connect or an operation in flight holds it (also PORT_FAILED, SWITCH_POWERED_OFF, FABRIC_FROZEN)',
    appliesTo: (r) => r.opensOperation,
  },
  { status: 413, code: 'PAYLOAD_TOO_LARGE', when: 'the body is over the JSON limit; split the request', appliesTo: (r) => r.body },
  { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', when: 'the body was not sent as content-type: application/json', appliesTo: (r) => r.body },
  { status: 429, code: 'RATE_LIMITED', when: 'the caller sent more than its budget; retry after Retry-After seconds, or watch /v1/events', appliesTo: (r) => r.api },
  { status: 503, code: 'STATE_UNAVAILABLE', when: 'Redis does not answer; retry after Retry-After seconds', appliesTo: (r) => r.api },
  { status: 503, code: 'NOT_LEADER', when: 'this replica is a follower: send mutations to the leader named in the message', appliesTo: mutation },
  { status: 503, code: 'COMMAND_NOT_SENT', when: 'the broker did not take the command in time; nothing changed, retry', appliesTo: (r) => r.opensOperation },
];

export const API_ERROR_SCHEMA_NAME = 'ApiError';

/** The error envelope of docs/api.md: every error answer has this shape. */
export const API_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', description: 'the HTTP reason phrase' },
    code: { type: 'string', description: 'stable, for clients to branch on' },
    message: { type: 'string', description: 'what was wrong and what to do' },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The traits of one operation, read from the document itself (parameters, body, role extension). */
export function routeTraits(path: string, method: string, op: OperationObject): RouteTraits {
  const params = (op.parameters ?? []) as ParameterObject[];
  const declared = (op as unknown as Record<string, unknown>)[REQUIRED_ROLE_EXTENSION] as Role | undefined;
  return {
    api: path === '/v1' || path.startsWith('/v1/'),
    method,
    role: leastRole(declared, method),
    pathParams: params.some((p) => p.in === 'path'),
    params: params.some((p) => p.in === 'path' || p.in === 'query'),
    body: op.requestBody !== undefined,
    opensOperation: (op as unknown as Record<string, unknown>)[OPENS_OPERATION_EXTENSION] === true,
  };
}

/** The common errors of a route, grouped by status. */
export function commonErrorsFor(traits: RouteTraits): Map<number, CommonError[]> {
  const byStatus = new Map<number, CommonError[]>();
  for (const e of COMMON_ERRORS.filter((x) => x.appliesTo(traits))) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  return byStatus;
}

/**
 * Adds the table's errors to every operation, the envelope schema to every error answer, and
 * `x-required-role` to every /v1 operation (the role the auth guard will ask for).
 */
export function documentErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [API_ERROR_SCHEMA_NAME]: API_ERROR_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const traits = routeTraits(path, method, op);
      if (traits.api) (op as unknown as Record<string, unknown>)[REQUIRED_ROLE_EXTENSION] = traits.role;
      for (const [status, errors] of commonErrorsFor(traits)) {
        const own = op.responses[String(status)] as ResponseObject | undefined;
        const codes = errors.map((e) => `${e.code}: ${e.when}`).join('; ');
        op.responses[String(status)] = { description: own?.description ? `${own.description}; ${codes}` : codes };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) op.responses[status] = withEnvelope(response as ResponseObject);
      }
    }
  }
  return document;
}

function withEnvelope(response: ResponseObject): ResponseObject {
  return { ...response, content: { 'application/json': { schema: { $ref: `#/components/schemas/${API_ERROR_SCHEMA_NAME}` } } } };
}
