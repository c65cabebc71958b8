import { LightpathApiError, LightpathUnreachableError } from '@lightpath/client';

/**
 * ocsctl's exit codes (docs/ocsctl.md), so scripts can branch without parsing text:
 * 0 done; 1 the API refused (its code and message printed); 2 the server could not be reached, or
 * the command line, a file or the config is wrong; 3 an operation that was started failed, was
 * rolled back or cancelled, or did not finish within --timeout.
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 2, operationFailed: 3 } as const;

/** A mistake in the command line, a file or the config file: exit 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An operation ocsctl followed ended badly (or the wait timed out): exit 3. */
export class OperationFailedError extends Error {
  override readonly name = 'OperationFailedError';
}

/** The one line printed for an error, and the exit code it maps to. Never a stack trace. */
export function describeError(err: unknown): { line: string; code: number } {
  if (err instanceof LightpathApiError) {
    const hint = err.code === 'TOKEN_EXPIRED' ? ' (the token expired: get a fresh one)' : err.code === 'TOKEN_INVALID' ? ' (the server does not know this token)' : '';
    return { line: `error: ${err.code} (${err.status}): ${err.message}${hint}`, code: EXIT.refused };
  }
  if (err instanceof LightpathUnreachableError) return { line: `error: ${err.message}`, code: EXIT.unreachable };
  if (err instanceof UsageError) return { line: `error: ${err.message}`, code: EXIT.usage };
  if (err instanceof OperationFailedError) return { line: `error: ${err.message}`, code: EXIT.operationFailed };
  return { line: `error: ${err instanceof Error ? err.message : String(err)}`, code: EXIT.usage };
}
