import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaTimeoutError, withTimeout } from './with-timeout';

/** Holds the event loop, as a long plan or a large heap's garbage collection does. */
function holdLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

describe('withTimeout', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('rejects with KafkaTimeoutError when the work does not settle in time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'sending 1 message')).rejects.toBeInstanceOf(KafkaTimeoutError);
  });

  it('settles with the work when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve('sent'), 1_000, 'sending 1 message')).resolves.toBe('sent');
  });

  it('an answer that arrived on its socket while the event loop was held wins over the overdue timer', async () => {
    // A real socket: the "broker" answers, then the loop is held past the bound before the answer
    // is read (the server is in this process, so it holds the loop right after writing), and when
    // the loop runs again both the overdue timer and the answer are due.
    server = createServer((socket) =>
      socket.on('data', () => {
        socket.write('ok');
        holdLoop(300);
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', resolve));
    const answer = new Promise<string>((resolve) => client.once('data', (d) => resolve(d.toString())));
    const sending = withTimeout(answer, 50, 'sending 1 message');
    client.write('produce');
    await expect(sending).resolves.toBe('ok');
    client.destroy();
  });
});
