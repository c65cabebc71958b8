import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { methodNotAllowed } from './method-not-allowed';
import { documentErrorResponses } from './openapi-errors';
import { BEARER_DESCRIPTION, BEARER_SCHEME, secureApiPaths } from './openapi-security';

/** The OpenAPI document of the app's routes, with security and every route's error answers filled in. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('lightpath orchestrator')
    .setDescription(
      'Control plane for optical circuit switches. Every mutation answers 202 with an operation; poll ' +
        '/v1/operations/{id} until it succeeds or fails. Errors are {statusCode, error, code, message} (components.schemas.ApiError); ' +
        'a method a path does not answer is 405 with Allow.',
    )
    .setVersion('0.1.0')
    .addTag('switches', 'Switch matrices and their cross-connects')
    .addTag('operations', 'Long-running operations')
    .addTag('events', 'Server-sent events: watch operations, alarms, ports and switches without polling')
    .addTag('audit', 'Who changed what, when, with which outcome')
    .addTag('topologies', 'Fabric spec and topology intents: dry-run plans for cluster schedulers')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: BEARER_DESCRIPTION }, BEARER_SCHEME)
    .build();
  return documentErrorResponses(secureApiPaths(SwaggerModule.createDocument(app, config)));
}

/**
 * OpenAPI document at /openapi.json and browsable docs at /docs; methods a documented path does
 * not answer get 405. Call before the app listens (the 405 middleware must precede the routes).
 */
export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
