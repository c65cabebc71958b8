/**
 * Typed errors of the lightpath client, so callers (ocsctl, tests) branch on the kind, not the text:
 * the API refused (its envelope's `code` and `message`), or the server could not be reached at all.
 */

/** The API answered with its error envelope `{statusCode, error, code, message}` (docs/api.md#errors). */
export class LightpathApiError extends Error {
  override readonly name = 'LightpathApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole envelope: some codes carry more (`issues`, `displaces`, `rule`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** No HTTP answer: connection refused, DNS failure, TLS failure or the client's timeout. */
export class LightpathUnreachableError extends Error {
  override readonly name = 'LightpathUnreachableError';
  constructor(
    readonly server: string,
    readonly reason: string,
  ) {
    super(`cannot reach the lightpath API at ${server}: ${reason}`);
  }
}

/** Turns an answer that is not 2xx into a LightpathApiError, whatever its body looks like. */
export async function apiErrorOf(response: Response): Promise<LightpathApiError> {
  const text = await response.text().catch(() => '');
  try {
    return apiErrorFromBody(response.status, JSON.parse(text));
  } catch {
    return apiErrorFromBody(response.status, text);
  }
}

/** A LightpathApiError from an already read body: the envelope, or whatever text a proxy sent. */
export function apiErrorFromBody(status: number, body: unknown): LightpathApiError {
  if (body && typeof body === 'object') {
    const envelope = body as Record<string, unknown>;
    const code = typeof envelope.code === 'string' ? envelope.code : `HTTP_${status}`;
    const message = typeof envelope.message === 'string' ? envelope.message : JSON.stringify(body).slice(0, 200);
    return new LightpathApiError(status, code, message, envelope);
  }
  return new LightpathApiError(status, `HTTP_${status}`, String(body ?? '').slice(0, 200) || `HTTP ${status}`);
}

/** The reason a fetch threw, in one line: undici hides the socket error in `cause`. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer within the timeout';
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return cause.code === 'ECONNREFUSED' ? 'connection refused' : `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
