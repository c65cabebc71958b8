import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../../apps/orchestrator/src/openapi-document';
// @ts-expect-error plain ESM helper shared with the generator script; it has no type declarations.
import { DOCUMENT_PATH, TYPES_PATH, renderDocument, renderTypes } from '../scripts/client-types.mjs';

const ROOT = resolve(__dirname, '../../..');
const REGENERATE = 'the orchestrator\'s routes changed since the client was generated: run `npm run client:generate` and commit the result';

/**
 * The typed client is only as true as its generated types: the committed OpenAPI document and the
 * types derived from it must be exactly what the orchestrator's routes produce now (rendered from the
 * Nest app in preview mode, the same builder that serves /openapi.json).
 */
describe('libs/client generated files', () => {
  it('the committed OpenAPI document equals the one the orchestrator builds from its routes', async () => {
    const document = await renderOpenApiDocument();
    expect(readFileSync(resolve(ROOT, DOCUMENT_PATH as string), 'utf8'), REGENERATE).toBe(renderDocument(document));
  }, 60_000);

  it('the committed types equal what openapi-typescript derives from that document', async () => {
    const document = await renderOpenApiDocument();
    expect(readFileSync(resolve(ROOT, TYPES_PATH as string), 'utf8'), REGENERATE).toBe(await renderTypes(document));
  }, 60_000);
});
