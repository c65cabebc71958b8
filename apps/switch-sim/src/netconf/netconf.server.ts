/**
 * A NETCONF server over SSH (RFC 6242, `ssh2`) in front of one simulated switch, speaking
 * lightpath's Polatis-style dialect (libs/southbound netconf.messages.ts): <hello> with base:1.0
 * and base:1.1 (chunked framing when the client offers 1.1 too), <get>/<get-config> of the state,
 * <edit-config> of many cross-connect pairs with continue-on-error, <create-subscription> and
 * alarm <notification>s, <close-session>. A fresh ed25519 host key per start; its fingerprint is
 * logged at start, for AGENT_DRIVER_HOST_KEYS.
 */
import type { CrossConnectPair, DriverEvent } from '@lightpath/mems-sim';
import {
  CAP_BASE_10,
  CAP_BASE_11,
  CAP_NOTIFICATION,
  CAP_OPTICAL,
  frame,
  NetconfFramer,
  netconfReply,
  netconfRpc,
  parseNetconf,
  southOf,
  sshFingerprint,
  type OpticalState,
} from '@lightpath/southbound';
import type { Logger } from 'pino';
import { Server, utils, type ParsedKey, type ServerChannel } from 'ssh2';
import type { SimSwitch } from '../sim-switch';

interface Channel {
  stream: ServerChannel;
  framer: NetconfFramer;
  subscribed: boolean;
  queue: Promise<void>;
}

type Node = Record<string, unknown>;

export class NetconfServer {
  private readonly server: Server;
  private readonly channels = new Set<Channel>();
  private readonly connections = new Set<{ end(): void }>();
  private sessionId = 0;
  /** The host key's fingerprint as OpenSSH prints it (SHA256:...), what an agent pins. */
  readonly hostKeyFingerprint: string;

  constructor(
    private readonly sim: SimSwitch,
    credentials: { username: string; password: string },
    private readonly logger: Logger,
    /** Offer base:1.1 (chunked framing); false plays an older switch that speaks 1.0 only. */
    private readonly base11 = true,
  ) {
    const { hostKey, parsed } = freshHostKey();
    this.hostKeyFingerprint = sshFingerprint(parsed.getPublicSSH());
    this.server = new Server({ hostKeys: [hostKey] }, (client) => {
      this.connections.add(client);
      client.on('close', () => this.connections.delete(client));
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => {
        if (ctx.method === 'password' && ctx.username === credentials.username && ctx.password === credentials.password) ctx.accept();
        else ctx.reject(['password']);
      });
      client.on('ready', () =>
        client.on('session', (accept) =>
          accept().on('subsystem', (acceptSub, rejectSub, info) => (info.name === 'netconf' ? this.serve(acceptSub()) : rejectSub())),
        ),
      );
    });
    sim.driver.onEvent((event) => this.notify(event));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as { port: number }).port));
    });
  }

  dropSessions(): number {
    const n = this.connections.size;
    for (const c of this.connections) c.end();
    return n;
  }

  close(): Promise<void> {
    this.dropSessions();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(stream: ServerChannel): void {
    const channel: Channel = { stream, framer: new NetconfFramer('1.0'), subscribed: false, queue: Promise.resolve() };
    this.channels.add(channel);
    stream.on('close', () => this.channels.delete(channel));
    const caps = [CAP_BASE_10, ...(this.base11 ? [CAP_BASE_11] : []), CAP_NOTIFICATION, CAP_OPTICAL];
    stream.write(frame(netconfRpc.hello(caps, ++this.sessionId), '1.0'));
    const feed = (data: Buffer): void => {
      for (const xml of channel.framer.push(data)) {
        // The client's <hello> switches the framing at once (RFC 6242 4.1): bytes after it may be chunked.
        if (channel.framer.mode === '1.0' && /^\s*(<\?xml[^>]*>\s*)?<(\w+:)?hello[\s>]/.test(xml)) {
          if (this.base11 && xml.includes(CAP_BASE_11)) {
            channel.framer.mode = '1.1';
            return feed(Buffer.alloc(0));
          }
          continue;
        }
        channel.queue = channel.queue.then(() => this.handle(channel, xml));
      }
    };
    stream.on('data', (data: Buffer) => {
      try {
        feed(data);
      } catch (err) {
        this.logger.warn({ switchId: this.sim.spec.switchId, error: (err as Error).message }, 'NETCONF framing error; closing the channel');
        stream.close();
      }
    });
  }

  private async handle(channel: Channel, xml: string): Promise<void> {
    let message;
    try {
      message = parseNetconf(xml);
    } catch (err) {
      return this.send(channel, netconfReply.errors('', [{ tag: 'malformed-message', message: (err as Error).message }]));
    }
    if (message.kind !== 'rpc') return;
    const id = message.messageId;
    switch (message.operation) {
      case 'get':
      case 'get-config':
        return this.send(channel, netconfReply.data(id, netconfReply.stateData(this.state())));
      case 'edit-config':
        return this.send(channel, await this.edit(id, message.body));
      case 'create-subscription':
        channel.subscribed = true;
        return this.send(channel, netconfReply.ok(id));
      case 'close-session':
        this.send(channel, netconfReply.ok(id));
        channel.stream.close();
        return;
      default:
        return this.send(channel, netconfReply.errors(id, [{ tag: 'operation-not-supported', message: `${message.operation} is not served by this simulator` }]));
    }
  }

  private async edit(id: string, body: Node): Promise<string> {
    const cc = ((body.config as Node | undefined)?.['cross-connects'] ?? {}) as Node;
    const northPorts = this.sim.driver.describe().northPorts;
    const entries = ((cc.pair as Node[] | undefined) ?? []).map((p) => ({
      operation: String(p['@operation'] ?? 'merge'),
      pair: { north: Number(p.ingress), south: southOf(Number(p.egress), northPorts) } as CrossConnectPair,
    }));
    const bad = entries.find((e) => e.operation !== 'create' && e.operation !== 'delete');
    if (bad) return netconfReply.errors(id, [{ tag: 'operation-not-supported', message: `pair operation "${bad.operation}" is not supported: use create or delete` }]);
    // Deletes before creates, as the agent's batches are break-then-make.
    const removed = await this.sim.apply('disconnect', entries.filter((e) => e.operation === 'delete').map((e) => e.pair));
    const made = await this.sim.apply('connect', entries.filter((e) => e.operation === 'create').map((e) => e.pair));
    const errors = [...removed, ...made].filter((r) => !r.ok).map(netconfReply.pairError);
    return errors.length ? netconfReply.errors(id, errors) : netconfReply.ok(id);
  }

  private state(): OpticalState {
    const d = this.sim.driver;
    const snap = d.snapshot();
    return {
      vendor: 'LIGHTPATH',
      model: 'SWITCH-SIM-POLATIS',
      firmware: '1.0',
      northPorts: d.describe().northPorts,
      southPorts: d.describe().southPorts,
      powered: snap.powered,
      pairs: snap.crossConnects.map(({ north, south, lossDb }) => ({ north, south, lossDb })),
      ports: snap.ports.map(({ side, port, health, powerDbm }) => ({ side, port, health, powerDbm })),
    };
  }

  private notify(event: DriverEvent): void {
    const at = new Date().toISOString();
    const northPorts = this.sim.driver.describe().northPorts;
    let xml: string | undefined;
    if (event.kind === 'port-health') {
      const severity = event.severity ?? (event.health === 'failed' ? 'critical' : event.health === 'degraded' ? 'minor' : 'cleared');
      xml = netconfReply.portAlarm(at, event.port, northPorts, event.health, severity, event.reason);
    } else if (event.kind === 'power-lost' || event.kind === 'power-restored') {
      xml = netconfReply.powerAlarm(at, event.kind === 'power-restored', event.kind === 'power-lost' ? 'power lost: every cross-connect is down' : 'power restored with no cross-connects');
    }
    if (!xml) return;
    for (const c of this.channels) if (c.subscribed) this.send(c, xml);
  }

  private send(channel: Channel, xml: string): void {
    if (channel.stream.writable) channel.stream.write(frame(xml, channel.framer.mode));
  }
}

/**
 * A new ed25519 host key that ssh2 can read back. ssh2 1.17's generateKeyPairSync strips the
 * leading zero bytes of an ed25519 public key, so about one key in 256 (a public key starting with
 * 0x00) is written malformed and parseKey refuses it (mscdex/ssh2 issues 1390 and 1513, open): drawn
 * again, a handful of times at most.
 */
function freshHostKey(): { hostKey: string; parsed: ParsedKey } {
  for (let attempt = 1; ; attempt++) {
    const hostKey = utils.generateKeyPairSync('ed25519').private;
    const parsed = utils.parseKey(hostKey);
    if (!(parsed instanceof Error)) return { hostKey, parsed };
    if (attempt === 8) throw parsed;
  }
}
