import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** The OpenAPI form of a contract schema: the document is generated from the same schemas that validate. */
export function openApiSchema(schema: z.ZodType, example?: unknown, io: 'input' | 'output' = 'output'): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject & {
    $schema?: string;
  };
  delete json.$schema;
  return example === undefined ? json : { ...json, example };
}
