import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_DESCRIPTION, BEARER_SCHEME, secureApiPaths } from './openapi-security';

/** OpenAPI document at /openapi.json and browsable docs at /docs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('lightpath orchestrator')
    .setDescription(
      'Control plane for optical circuit switches. Every mutation answers 202 with an operation; poll ' +
        '/v1/operations/{id} until it succeeds or fails. Errors are {statusCode, error, code, message}.',
    )
    .setVersion('0.1.0')
    .addTag('switches', 'Switch matrices and their cross-connects')
    .addTag('operations', 'Long-running operations')
    .addTag('events', 'Server-sent events: watch operations, alarms, ports and switches without polling')
    .addTag('audit', 'Who changed what, when, with which outcome')
    .addTag('topologies', 'Fabric spec and topology intents: dry-run plans for cluster schedulers')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: BEARER_DESCRIPTION }, BEARER_SCHEME)
    .build();
  const document = secureApiPaths(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
