// Regenerates libs/client's committed OpenAPI document and types from the orchestrator's routes
// (npm run client:generate builds the services first). No server is needed: the document comes from
// the Nest app in preview mode (apps/orchestrator/src/openapi-document.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DOCUMENT_PATH, TYPES_PATH, renderDocument, renderTypes } from './client-types.mjs';

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const { renderOpenApiDocument } = require(resolve(root, 'dist/apps/orchestrator/src/openapi-document.js'));

const document = await renderOpenApiDocument();
writeFileSync(resolve(root, DOCUMENT_PATH), renderDocument(document));
writeFileSync(resolve(root, TYPES_PATH), await renderTypes(document));
console.log(`wrote ${DOCUMENT_PATH} (${Object.keys(document.paths).length} paths) and ${TYPES_PATH}`);
