import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a driver and a switch simulator, for faults the network makes: it records
 * the commands the driver sent (by TL1 verb, to count protocol exchanges) and can cut the
 * connection right after forwarding a given command, before the switch's answer comes back.
 */
export class TcpProxy {
  readonly sent: string[] = [];
  private server!: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private cutAfter: string | undefined;
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: this.upstreamPort });
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      let buffer = '';
      client.on('data', (chunk) => {
        upstream.write(chunk);
        buffer += chunk.toString('latin1');
        let end: number;
        while ((end = buffer.indexOf(';')) >= 0) {
          const command = buffer.slice(0, end + 1);
          buffer = buffer.slice(end + 1);
          this.sent.push(command);
          if (this.cutAfter && command.startsWith(this.cutAfter)) {
            this.cutAfter = undefined;
            // Let the command reach the switch, then cut before its answer can come back.
            setImmediate(() => this.cut());
          }
        }
      });
      upstream.on('data', (chunk) => client.write(chunk));
      const close = () => (client.destroy(), upstream.destroy(), this.pairs.delete(pair));
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  cutAfterNext(verb: string): void {
    this.cutAfter = verb;
  }

  cut(): void {
    for (const [a, b] of this.pairs) (a.destroy(), b.destroy());
  }

  verbs(): string[] {
    return this.sent.map((c) => c.split(':')[0]);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server.close(r));
  }
}
