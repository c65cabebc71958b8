import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createLogger, loadConfig } from '@lightpath/observability';
import type { FabricState } from '@lightpath/state';
import { OrchestratorConfigSchema } from './config/orchestrator.config';
import { FabricGraph } from './fabric/fabric-graph';
import { OrchestratorModule } from './orchestrator.module';
import { buildOpenApiDocument } from './http/openapi.setup';

/**
 * The orchestrator's OpenAPI document without any server: the app is created in Nest's preview
 * mode (the module graph and the routes' metadata are resolved, no provider is instantiated), so
 * no Redis connection and no Kafka producer is opened. The same `buildOpenApiDocument` a running
 * orchestrator serves at /openapi.json, so the generated client (libs/client) cannot drift from it.
 */
export async function renderOpenApiDocument(): Promise<OpenAPIObject> {
  // Placeholder addresses: preview mode never dials them. A fixed ORCH_ID keeps the output stable across hosts.
  const config = loadConfig(OrchestratorConfigSchema, { ORCH_ID: 'openapi', KAFKA_BROKERS: '127.0.0.1:9', REDIS_URL: 'redis://127.0.0.1:9' }, 'orchestrator');
  const logger = createLogger('orchestrator', 'fatal');
  // Module factories read a few handles off the state (its Redis client, key names) to build providers
  // that preview mode never instantiates: an inert stand-in answers every property and call with itself.
  const state = inert() as FabricState;
  const app = await NestFactory.create(OrchestratorModule.forRoot({ config, logger, state, graph: new FabricGraph() }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** A value whose every property, call and construction is itself: nothing it is handed to can act. */
function inert(): unknown {
  const self: unknown = new Proxy(function inertValue() {}, {
    // Not thenable, so an accidental await does not hang on it.
    get: (_target, key) => (key === 'then' ? undefined : self),
    apply: () => self,
    construct: () => self as object,
  });
  return self;
}
