import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { createLogger, loadConfig } from '@lightpath/observability';
import { FabricState } from '@lightpath/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrchestratorConfigSchema } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { OrchestratorModule } from '../orchestrator.module';
import { knownPaths } from './method-not-allowed';
import { API_ERROR_SCHEMA_NAME, COMMON_ERRORS, commonErrorsFor, routeTraits } from './openapi-errors';
import { buildOpenApiDocument } from './openapi.setup';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The document the orchestrator serves, built from the real module in Nest's preview mode (routes
 * and metadata scanned, no provider started: no Redis, no Kafka), checked route by route against
 * the table of common errors (issue 7, item 12).
 */
describe('the OpenAPI document documents every route\'s error answers', () => {
  let app: INestApplication;
  let state: FabricState;
  let document: OpenAPIObject;
  const operations: { label: string; path: string; method: string; op: OperationObject }[] = [];

  beforeAll(async () => {
    const config = loadConfig(OrchestratorConfigSchema, { REDIS_URL: 'redis://127.0.0.1:1' }, 'orchestrator');
    // Never connects in preview mode; the client is created by the module definition only.
    state = FabricState.connect(config.REDIS_URL, 'openapi-spec', 'openapi-spec');
    state.onConnectionChange(() => undefined);
    const module = OrchestratorModule.forRoot({ config, logger: createLogger('orchestrator', 'fatal'), state, graph: new FabricGraph() });
    app = await NestFactory.create(module, { preview: true, logger: false });
    document = buildOpenApiDocument(app);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) if (item[method]) operations.push({ label: `${method.toUpperCase()} ${path}`, path, method, op: item[method]! });
    }
  });
  afterAll(async () => {
    state?.disconnect();
    await app?.close();
  });

  it('covers every /v1 route (events, reservations, topologies, operators included)', () => {
    const labels = operations.map((o) => o.label);
    expect(labels.length).toBeGreaterThan(25);
    expect(labels).toEqual(
      expect.arrayContaining([
        'DELETE /v1/switches/{switchId}/cross-connects/{north}',
        'POST /v1/topologies/{name}',
        'GET /v1/topologies/{name}',
        'POST /v1/reservations',
        'GET /v1/events',
        'GET /v1/audit',
      ]),
    );
  });

  it('every route in the document has its error responses, each with the error envelope', () => {
    const missing: string[] = [];
    for (const { label, path, method, op } of operations) {
      const traits = routeTraits(path, method, op);
      const expected = [...commonErrorsFor(traits).keys()];
      if (traits.api) expect(expected, label).toEqual(expect.arrayContaining([401, 429, 503]));
      for (const status of expected) if (!op.responses[String(status)]) missing.push(`${label}: ${status}`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = (response as ResponseObject).content?.['application/json']?.schema as { $ref?: string } | undefined;
        if (schema?.$ref !== `#/components/schemas/${API_ERROR_SCHEMA_NAME}`) missing.push(`${label}: ${status} without the error envelope`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents each error code of the table in the answer it belongs to', () => {
    const switchOne = document.paths['/v1/switches/{switchId}'].get!;
    expect((switchOne.responses['404'] as ResponseObject).description).toMatch(/NOT_FOUND/);
    expect((switchOne.responses['503'] as ResponseObject).description).toMatch(/STATE_UNAVAILABLE/);
    const connect = document.paths['/v1/switches/{switchId}/cross-connects'].post!;
    for (const code of ['INVALID_REQUEST', 'MALFORMED_JSON']) expect((connect.responses['400'] as ResponseObject).description).toContain(code);
    for (const code of ['STATE_UNAVAILABLE', 'NOT_LEADER', 'COMMAND_NOT_SENT']) expect((connect.responses['503'] as ResponseObject).description).toContain(code);
    expect(COMMON_ERRORS.every((e) => e.when.length > 0)).toBe(true);
  });

  it('403 exactly where the least role is above viewer, named as x-required-role', () => {
    for (const { label, path, op } of operations) {
      if (!path.startsWith('/v1')) continue;
      const role = (op as unknown as Record<string, unknown>)['x-required-role'];
      expect(role, label).toBeDefined();
      expect(op.responses['403'] !== undefined, label).toBe(role !== 'viewer' || label === 'POST /v1/reservations');
    }
    expect((document.paths['/v1/audit'].get as unknown as Record<string, unknown>)['x-required-role']).toBe('operator');
    expect((document.paths['/v1/switches/{switchId}/cross-connects'].post as unknown as Record<string, unknown>)['x-required-role']).toBe('operator');
  });

  it('every route documents its success answer, POST /v1/topologies/{name} its 202 and GET its 200 with a schema', () => {
    for (const { label, op } of operations) expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), label).toBe(true);
    expect((document.paths['/v1/topologies/{name}'].post!.responses['202'] as ResponseObject).content?.['application/json']?.schema).toBeDefined();
    expect(document.paths['/v1/topologies/{name}'].post!.responses['400']).toBeDefined();
    expect((document.paths['/v1/topologies/{name}'].get!.responses['200'] as ResponseObject).content?.['application/json']?.schema).toBeDefined();
  });

  it('every path and query parameter carries the constraints its schema enforces', () => {
    const loose: string[] = [];
    for (const { label, op } of operations) {
      for (const p of (op.parameters ?? []) as ParameterObject[]) {
        if (p.in !== 'path' && p.in !== 'query') continue;
        const s = p.schema as SchemaObject;
        const constrained =
          s.enum !== undefined ||
          s.pattern !== undefined ||
          (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined) ||
          (s.type === 'string' && s.maxLength !== undefined) ||
          // Comma-separated lists and the query token are checked item by item or by the auth guard.
          ['kinds', 'switchId', 'access_token'].includes(p.name);
        if (!constrained) loose.push(`${label} ${p.in} ${p.name}: ${JSON.stringify(s)}`);
      }
    }
    expect(loose).toEqual([]);
    const limit = (document.paths['/v1/operations'].get!.parameters as ParameterObject[]).find((p) => p.name === 'limit')!;
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
    const north = (document.paths['/v1/switches/{switchId}/cross-connects/{north}'].delete!.parameters as ParameterObject[]).find((p) => p.name === 'north')!;
    expect(north.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1024 });
  });

  it('request bodies are documented as sent: a field with a default is not required', () => {
    const body = document.paths['/v1/reservations'].post!.requestBody as { content: Record<string, { schema: SchemaObject }> };
    const schema = body.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['job', 'leaseSeconds']));
    expect(schema.required).not.toContain('priority');
  });

  it('405 answers are derived from the same paths: a concrete path beats a templated one', () => {
    const paths = knownPaths(document);
    const match = (p: string) => paths.filter((k) => k.pattern.test(p));
    const both = match('/v1/switches/ocs-1/cross-connects/delete');
    expect(both).toHaveLength(2);
    const concrete = both.reduce((a, b) => (a.params <= b.params ? a : b));
    expect([...concrete.methods]).toEqual(expect.arrayContaining(['POST', 'OPTIONS']));
    expect(concrete.methods.has('DELETE')).toBe(false);
  });
});
