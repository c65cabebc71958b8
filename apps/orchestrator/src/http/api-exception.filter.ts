import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { CircuitOwnerConflictError, CrossConnectNotFoundError, FabricFrozenError, NotLeaderError, PortConflictError, StateUnavailableError } from '@lightpath/state';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../orchestrator.tokens';
import { bodyParserError } from './body-parser-errors';

/** Every 503 tells the client when to come back (docs/api.md, Errors). */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

function retryAfterSeconds(exception: unknown): number {
  return exception instanceof StateUnavailableError ? exception.retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS;
}

/**
 * One JSON error shape for every failure: {statusCode, error, code, message}. State errors map to
 * 404/409 here, in one place, and this is where a message gains the route that resolves it (the
 * state library says what was wrong, not which REST call to make); anything unexpected is a 500 whose details go to the log, not the caller.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // A 503 is an outage the caller should wait out, not a bug: warn once per request, no stack.
    if (body.statusCode === 503) this.logger.warn({ code: body.code, reason: body.message }, 'request refused: service unavailable');
    else if (body.statusCode >= 500) this.logger.error({ err: exception }, 'request failed');
    if (body.statusCode === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', String(retryAfterSeconds(exception)));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): { statusCode: number; error: string; code: string; message: string; [extra: string]: unknown } {
    if (exception instanceof CircuitOwnerConflictError) {
      // Found by the claim script (the owner changed after the plan, or a reservation's circuit).
      const displaces = [{ owner: exception.owner, circuits: [{ switchId: exception.switchId, north: exception.north }] }];
      const reservation = exception.owner.startsWith('reservation:') ? exception.owner.slice('reservation:'.length) : undefined;
      const message = reservation ? `${exception.message}; DELETE /v1/reservations/${reservation} releases it` : exception.message;
      return { statusCode: 409, error: 'Conflict', code: 'DISPLACES_OTHER_OWNERS', message, displaces };
    }
    if (exception instanceof PortConflictError) {
      return { statusCode: 409, error: 'Conflict', code: 'PORT_BUSY', message: exception.message };
    }
    if (exception instanceof FabricFrozenError) {
      return { statusCode: 409, error: 'Conflict', code: 'FABRIC_FROZEN', message: `${exception.message} (POST /v1/fabric/unfreeze)` };
    }
    if (exception instanceof StateUnavailableError) {
      return { statusCode: 503, error: 'Service Unavailable', code: 'STATE_UNAVAILABLE', message: exception.message };
    }
    if (exception instanceof NotLeaderError) {
      return { statusCode: 503, error: 'Service Unavailable', code: 'NOT_LEADER', message: exception.message };
    }
    if (exception instanceof CrossConnectNotFoundError) {
      return { statusCode: 404, error: 'Not Found', code: 'CROSS_CONNECT_NOT_FOUND', message: `${exception.message} (GET /v1/switches/${exception.switchId} lists them)` };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) {
        return response as { statusCode: number; error: string; code: string; message: string };
      }
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
      // body-parser's SyntaxError arrives as a 400 HttpException from Nest.
      const malformed = status === 400 && /JSON/i.test(message);
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        code: malformed ? 'MALFORMED_JSON' : `HTTP_${status}`,
        message: malformed ? `request body is not valid JSON: ${message}` : message,
      };
    }
    return bodyParserError(exception) ?? { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL', message: 'internal error; see the orchestrator log' };
  }
}
