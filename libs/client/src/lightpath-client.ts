import createClient, { type Client } from 'openapi-fetch';
import { apiErrorFromBody } from './client-errors';
import type { paths } from './openapi.types';
import { resilientFetch, type ResilientFetchOptions } from './resilient-fetch';
import { watchEvents, type WatchEvent, type WatchOptions } from './watch-events';

export interface LightpathClientOptions extends ResilientFetchOptions {
  /** The orchestrator's base URL, e.g. http://localhost:3000 (any replica: mutations follow the leader). */
  baseUrl: string;
  /** Bearer token (docs/api.md#authentication). */
  token?: string;
}

export interface LightpathClient {
  baseUrl: string;
  /** openapi-fetch over the generated `paths`: `api.GET('/v1/switches/{switchId}', {params: {path: {switchId}}})`. */
  api: Client<paths>;
  /** The orchestrator's event stream, reconnecting with Last-Event-ID. */
  watch(options?: Omit<WatchOptions, 'baseUrl' | 'token' | 'fetch'>): AsyncGenerator<WatchEvent>;
}

/** A typed client of the orchestrator's REST API with the retry rules of resilientFetch. */
export function createLightpathClient(options: LightpathClientOptions): LightpathClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = resilientFetch(options);
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const api = createClient<paths>({ baseUrl, headers, fetch: fetchImpl });
  return {
    baseUrl,
    api,
    watch: (watch = {}) => watchEvents({ ...watch, baseUrl, token: options.token, fetch: options.fetch }),
  };
}

/**
 * The body of a 2xx answer, or the API's error as a LightpathApiError. Many routes' success answers
 * are not yet described by a schema in the document (their generated type is `never`): the caller names
 * the type it reads them as.
 */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorFromBody(response.status, error);
  return data as T;
}
