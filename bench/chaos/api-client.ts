/**
 * How the chaos workload calls the API, as a well-behaved client would: JSON with a bearer token,
 * a bounded wait per request, mutations sent to the replica that led last time and, on 503
 * NOT_LEADER or a refused connection, to the next replica. Every answer is returned, never
 * thrown, so the workload can count outcomes.
 */
export interface ApiAnswer<T = Record<string, unknown>> {
  /** HTTP status, or 0 when no answer came (connection refused, reset, or the wait ran out). */
  status: number;
  body: T;
  /** The error code of the project's envelope (docs/api.md), when there is one. */
  code?: string;
}

/** A request that outlives this is counted as unanswered: the API promises fast 503s. */
const REQUEST_TIMEOUT_MS = 30_000;

export class ApiClient {
  private preferred = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly token: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const urls = this.urls();
    let last: ApiAnswer<T> = { status: 0, body: {} as T };
    for (let attempt = 0; attempt < urls.length; attempt++) {
      const index = (this.preferred + attempt) % urls.length;
      last = await this.once<T>(urls[index], method, path, body, headers);
      const wrongReplica = last.status === 0 || (last.status === 503 && last.code === 'NOT_LEADER');
      if (!wrongReplica) {
        this.preferred = index;
        return last;
      }
    }
    return last;
  }

  private async once<T>(base: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer<T>> {
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let parsed: unknown = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { text };
      }
      const code = typeof (parsed as { code?: unknown }).code === 'string' ? (parsed as { code: string }).code : undefined;
      return { status: res.status, body: parsed as T, code };
    } catch {
      return { status: 0, body: {} as T };
    }
  }
}
