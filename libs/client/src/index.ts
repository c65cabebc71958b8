export * from './client-errors';
export * from './lightpath-client';
export type { components, operations, paths } from './openapi.types';
export * from './resilient-fetch';
export * from './watch-events';
