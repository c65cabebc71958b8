import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { apiErrorOf, LightpathApiError, LightpathUnreachableError, reasonOf } from './client-errors';

/** One event of `GET /v1/events` (docs/api.md#watching). */
export interface WatchEvent {
  id: string;
  kind: 'operation' | 'reservation' | 'alarm' | 'port' | 'switch';
  type: string;
  switchId: string;
  at: number;
  tenant?: string;
  data: Record<string, unknown>;
}

export interface WatchOptions {
  baseUrl: string;
  token?: string;
  kinds?: string[];
  switchIds?: string[];
  /** Resume after this event id (the stream replays what was missed since). */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Called when the stream dropped and is about to be opened again. */
  onReconnect?: (info: { attempt: number; lastEventId?: string; reason: string }) => void;
  /** Called once the server confirms the subscription (its first `: subscribed` comment). */
  onSubscribed?: () => void;
  /** Give up after this many reconnects in a row without an event (default: never). */
  maxReconnects?: number;
  fetch?: typeof fetch;
}

/**
 * Follows the orchestrator's event stream for as long as the caller iterates (or until `signal`
 * aborts), reconnecting when it drops (a restart, a leader change, a proxy's idle cut) with
 * `Last-Event-ID`, so events published in between are replayed rather than lost (the server keeps
 * the last ~1,000 per replica). Backs off 0.5 s doubling to 5 s between attempts; an answer that is
 * not a stream (401 expired token, 403, 400 bad filter) ends the watch with a LightpathApiError, because
 * retrying it cannot help.
 */
export async function* watchEvents(options: WatchOptions): AsyncGenerator<WatchEvent> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL('/v1/events', options.baseUrl);
  if (options.kinds?.length) url.searchParams.set('kinds', options.kinds.join(','));
  if (options.switchIds?.length) url.searchParams.set('switchId', options.switchIds.join(','));
  let lastEventId = options.lastEventId;
  let failures = 0;
  while (!options.signal?.aborted) {
    const queue: WatchEvent[] = [];
    let reason = 'the server ended the stream';
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (lastEventId) headers['last-event-id'] = lastEventId;
      const res = await doFetch(url, { headers, signal: options.signal });
      if (res.status !== 200 || !res.body) throw await apiErrorOf(res);
      const parser = createParser({
        onEvent: (message: EventSourceMessage) => {
          if (message.id) lastEventId = message.id;
          queue.push(JSON.parse(message.data) as WatchEvent);
        },
        onComment: (comment) => {
          if (comment.trim() === 'subscribed') options.onSubscribed?.();
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (queue.length > 0) failures = 0;
        while (queue.length > 0) yield queue.shift()!;
      }
    } catch (err) {
      if (options.signal?.aborted) return;
      if (err instanceof LightpathApiError) throw err;
      reason = reasonOf(err);
    }
    failures += 1;
    if (options.maxReconnects !== undefined && failures > options.maxReconnects) {
      throw new LightpathUnreachableError(url.origin, `event stream lost: ${reason}`);
    }
    options.onReconnect?.({ attempt: failures, lastEventId, reason });
    await abortableSleep(Math.min(5_000, 500 * 2 ** Math.min(failures - 1, 4)), options.signal);
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
