import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LightpathApiError } from './client-errors';
import { watchEvents, type WatchEvent } from './watch-events';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server speaking text/event-stream; `handle` decides what each connection gets. */
async function sse(handle: (lastEventId: string | undefined, write: (s: string) => void, end: () => void, status: (code: number, body: string) => void) => void) {
  server = createServer((req, res) => {
    handle(
      req.headers['last-event-id'] as string | undefined,
      (s) => {
        if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(s);
      },
      () => res.end(),
      (code, body) => res.writeHead(code, { 'content-type': 'application/json' }).end(body),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const frame = (id: string) => `id: ${id}\nevent: operation\ndata: ${JSON.stringify({ id, kind: 'operation', type: 'running', switchId: 'ocs-1', at: 1, data: {} })}\n\n`;

describe('watchEvents', () => {
  it('reconnects after the stream drops and resumes with Last-Event-ID', async () => {
    const resumedWith: (string | undefined)[] = [];
    const baseUrl = await sse((last, write, end) => {
      resumedWith.push(last);
      write(': subscribed\n\n');
      if (!last) {
        write(frame('e.1') + frame('e.2'));
        end(); // the drop
      } else write(frame('e.3'));
    });
    const reconnects: (string | undefined)[] = [];
    const seen: WatchEvent[] = [];
    const abort = new AbortController();
    for await (const event of watchEvents({ baseUrl, signal: abort.signal, onReconnect: (r) => reconnects.push(r.lastEventId) })) {
      seen.push(event);
      if (seen.length === 3) abort.abort();
    }
    expect(seen.map((e) => e.id)).toEqual(['e.1', 'e.2', 'e.3']);
    expect(resumedWith).toEqual([undefined, 'e.2']);
    expect(reconnects).toEqual(['e.2']);
  });

  it('ends with the API error when the stream is refused (an expired token does not loop)', async () => {
    const baseUrl = await sse((_last, _write, _end, status) => status(401, JSON.stringify({ statusCode: 401, code: 'TOKEN_EXPIRED', message: 'the token expired' })));
    const run = async () => {
      for await (const _ of watchEvents({ baseUrl, token: 'x' })) void _;
    };
    await expect(run()).rejects.toSatisfy((e) => e instanceof LightpathApiError && e.code === 'TOKEN_EXPIRED');
  });
});
