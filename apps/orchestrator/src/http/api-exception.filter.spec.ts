import type { ArgumentsHost } from '@nestjs/common';
import { CircuitOwnerConflictError, CrossConnectNotFoundError, FabricFrozenError } from '@lightpath/state';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiExceptionFilter } from './api-exception.filter';

/** Runs the filter on `exception` and returns the JSON body it answered. */
function answer(exception: unknown): { statusCode: number; code: string; message: string } {
  let body: unknown;
  const res = { getHeader: () => undefined, setHeader: () => res, status: () => res, json: (b: unknown) => (body = b) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter(pino({ level: 'silent' })).catch(exception, host);
  return body as { statusCode: number; code: string; message: string };
}

describe('ApiExceptionFilter: state errors gain the route that resolves them here, not in libs/state', () => {
  it('a reservation circuit refused for deletion names the release call of that reservation', () => {
    const err = CircuitOwnerConflictError.fromCode('ocs-1', 3, 'r:rsv-1', () => 'its circuits go only with the reservation: release the reservation');
    const body = answer(err);
    expect(body).toMatchObject({ statusCode: 409, code: 'DISPLACES_OTHER_OWNERS' });
    expect(body.message).toMatch(/release the reservation; DELETE \/v1\/reservations\/rsv-1 releases it$/);
  });

  it('a frozen fabric names the unfreeze call; a missing cross-connect names where to list them', () => {
    expect(answer(new FabricFrozenError())).toMatchObject({ statusCode: 409, code: 'FABRIC_FROZEN', message: expect.stringMatching(/\(POST \/v1\/fabric\/unfreeze\)$/) });
    expect(answer(new CrossConnectNotFoundError('ocs-2', 7))).toMatchObject({ statusCode: 404, code: 'CROSS_CONNECT_NOT_FOUND', message: expect.stringMatching(/GET \/v1\/switches\/ocs-2/) });
  });
});
