import { notFound } from '../http/api-errors';

/**
 * The one answer for an operation the caller cannot have: missing, or another tenant's
 * (tenant-scope.ts). Both say the same, so an id does not reveal that another tenant's work exists.
 */
export const operationNotFound = (id: string) => notFound('OPERATION_NOT_FOUND', `no operation ${id}: list recent ones with GET /v1/operations`);
