import { waitFor } from './wait-for';

export interface SseFrame<T> {
  event?: string;
  id?: string;
  data?: T;
}

export interface EventStream<T> {
  frames: SseFrame<T>[];
  /** Comment lines (": ..."), e.g. the server's "subscribed" and its heartbeats. */
  comments: string[];
  /** The server ended the stream. */
  ended: boolean;
  contentType: string | null;
  close(): void;
}

/**
 * A server-sent events client over fetch, as a caller without a browser would write one. Resolves
 * once the server's first comment says the subscription is live, so nothing published afterwards is
 * missed. `onFrame` sees every data frame as it arrives (frames are also kept in `frames`).
 */
export async function openEventStream<T>(url: string, headers: Record<string, string>, onFrame?: (frame: SseFrame<T>) => void): Promise<EventStream<T>> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  const stream: EventStream<T> = { frames: [], comments: [], ended: false, contentType: res.headers.get('content-type'), close: () => abort.abort() };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return void (stream.ended = true);
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: SseFrame<T> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
          else if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('id: ')) frame.id = line.slice(4);
          else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6)) as T;
        }
        if (frame.data === undefined) continue;
        stream.frames.push(frame);
        onFrame?.(frame);
      }
    }
  })();
  await waitFor('the subscription to open', () => stream.comments.includes('subscribed'));
  return stream;
}
