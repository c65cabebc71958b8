import { LightpathUnreachableError, reasonOf } from './client-errors';

export interface ResilientFetchOptions {
  /** How often one call is sent again after 429 or 503 NOT_LEADER, at most (default 5). */
  maxRetries?: number;
  /** Longest single wait the client accepts from a Retry-After (default 10 s); longer answers are returned. */
  maxRetryAfterMs?: number;
  /** Per attempt; past it the call fails as unreachable (default 10 s). */
  timeoutMs?: number;
  /** Told about each retry (the CLI prints nothing; a test may count them). */
  onRetry?: (info: { status: number; code?: string; waitMs: number; url: string }) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch for the API that does what docs/api.md asks of a caller:
 * - 429 RATE_LIMITED: wait `Retry-After` seconds, then send again;
 * - 503 NOT_LEADER (a mutation sent to a follower): ask that replica `GET /v1/leader` which replica
 *   leads and send it there; while none is elected, wait `Retry-After` and try again;
 * - no answer at all: a LightpathUnreachableError naming the server, never a raw socket error.
 * Other answers, errors included, are returned as they are. A request is cloned before each attempt,
 * so a body can be sent again.
 */
export function resilientFetch(options: ResilientFetchOptions = {}): typeof fetch {
  const base = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const maxRetries = options.maxRetries ?? 5;
  const maxWait = options.maxRetryAfterMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const attempt = async (request: Request): Promise<Response> => {
    try {
      return await base(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) });
    } catch (err) {
      throw new LightpathUnreachableError(new URL(request.url).origin, reasonOf(err));
    }
  };

  return async (input, init) => {
    let request = await replayable(new Request(input, init));
    for (let retry = 0; ; retry++) {
      const response = await attempt(request.clone());
      if (retry >= maxRetries || (response.status !== 429 && response.status !== 503)) return response;
      const code = await codeOf(response);
      if (response.status === 503 && code !== 'NOT_LEADER') return response;
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      if (response.status === 503) {
        const leader = await leaderUrl(base, request, timeoutMs);
        if (leader && leader !== new URL(request.url).origin) {
          request = await redirect(request, leader);
          options.onRetry?.({ status: 503, code, waitMs: 0, url: request.url });
          continue;
        }
      }
      if (waitMs > maxWait) return response;
      options.onRetry?.({ status: response.status, code, waitMs, url: request.url });
      await sleep(waitMs);
    }
  };
}

/** Retry-After in seconds (the API's form) or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : 1_000;
}

async function codeOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

/** The leader's URL as the replica that refused knows it (`GET /v1/leader`, same credentials). */
async function leaderUrl(base: typeof fetch, refused: Request, timeoutMs: number): Promise<string | undefined> {
  try {
    const url = new URL('/v1/leader', refused.url);
    const headers = new Headers({ accept: 'application/json' });
    const auth = refused.headers.get('authorization');
    if (auth) headers.set('authorization', auth);
    const res = await base(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const view = (await res.json()) as { leaderUrl?: string | null };
    return view.leaderUrl ? new URL(view.leaderUrl).origin : undefined;
  } catch {
    return undefined;
  }
}

/** The request with its body read into memory, so it can be cloned and sent again (a stream cannot). */
async function replayable(request: Request, url = request.url): Promise<Request> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

/** The same request (method, headers, body) sent to another replica's origin. */
function redirect(request: Request, origin: string): Promise<Request> {
  const from = new URL(request.url);
  return replayable(request.clone(), new URL(from.pathname + from.search, origin).toString());
}
