// The console's only door to the orchestrator: fetch with the signed-in token, the API's error
// envelope as ApiError, and the event stream (EventSource cannot send headers, so the token rides as
// ?access_token=, which /v1/events alone accepts; docs/api.md#authentication).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const TOKEN_KEY = 'lightpath.token';
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) { value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY); },
};

/** Listeners told when the token stops working (401): the app goes back to sign-in. */
const unauthorized = new Set();
export const onUnauthorized = (fn) => unauthorized.add(fn);

export async function api(method, path, body) {
  const headers = { authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'UNREACHABLE', `cannot reach the orchestrator: ${err.message}`);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = new ApiError(res.status, data?.code ?? `HTTP_${res.status}`, data?.message ?? res.statusText);
    if (res.status === 401) unauthorized.forEach((fn) => fn(error));
    throw error;
  }
  return data;
}

/**
 * The live event stream: one EventSource for the whole console. The browser reconnects by itself
 * and sends Last-Event-ID, so missed events are replayed; `onState(false)` while it is down (the
 * banner). A stream that keeps failing may mean the token expired: one plain request tells (401).
 */
export function openEvents(kinds, onEvent, onState) {
  const url = `/v1/events?kinds=${kinds.join(',')}&access_token=${encodeURIComponent(session.token)}`;
  const source = new EventSource(url);
  source.onopen = () => onState(true);
  source.onerror = () => {
    onState(false);
    api('GET', '/v1/leader').catch(() => {});
  };
  for (const kind of kinds) source.addEventListener(kind, (e) => onEvent(JSON.parse(e.data)));
  return () => source.close();
}
