/**
 * One NETCONF session over SSH (RFC 6242): SSH connect and password authentication, the "netconf"
 * subsystem, <hello> exchange (chunked 1.1 framing when both sides offer base:1.1, else 1.0 end-of-
 * message framing), <create-subscription> for alarms, then RPCs correlated by message-id. A
 * malformed message, or an RPC not answered in time, ends the session (the driver re-reads).
 */
import type { CrossConnectPair, PairResult } from '@lightpath/mems-sim';
import { createHash } from 'node:crypto';
import { Client, type ClientChannel } from 'ssh2';
import { DriverLinkError, type BatchKind, type DeviceInfo, type DeviceNotice, type DeviceSession, type DeviceState } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import { PendingRequests } from '../common/pending-requests';
import type { DriverLogger } from '../common/remote-switch.driver';
import { frame, NetconfFramer } from './netconf.framing';
import { CAP_BASE_10, CAP_BASE_11, CAP_NOTIFICATION, netconfRpc, parseNetconf, readEditResults, readNotification, readState, type NetconfMessage } from './netconf.messages';

type Reply = Extract<NetconfMessage, { kind: 'reply' }>;

export class NetconfSession implements DeviceSession {
  info!: DeviceInfo;
  readonly ended: Promise<string>;
  private readonly framer = new NetconfFramer('1.0');
  private readonly pending = new PendingRequests<Reply>();
  private readonly listeners: ((n: DeviceNotice) => void)[] = [];
  private helloSeen: ((caps: string[]) => void) | undefined;
  private nextId = 0;
  private endReason: string | undefined;
  private finish!: (reason: string) => void;

  private constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
    private readonly target: DriverTarget,
    private readonly logger?: DriverLogger,
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
    channel.on('data', (data: Buffer) => this.receive(data));
    channel.on('close', () => this.end('the switch closed the NETCONF channel'));
    client.on('close', () => this.end('the SSH connection closed'));
    client.on('error', (err) => this.end(`SSH error: ${err.message}`));
  }

  static async open(target: DriverTarget, logger?: DriverLogger): Promise<NetconfSession> {
    const { host, port, username, password } = target;
    const ms = target.timing.connectTimeoutMs;
    const client = new Client();
    let presented: string | undefined;
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      const fail = (err: DriverLinkError) => (client.end(), reject(err));
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        if (presented !== undefined)
          fail(new DriverLinkError('HOST_KEY_MISMATCH', `the NETCONF switch at ${host}:${port} presented host key ${presented}, not the pinned ${target.hostKey}: nothing was sent (a replaced switch or someone in the middle); check the key and update AGENT_DRIVER_HOST_KEYS`));
        else if (err.level === 'client-authentication') fail(new DriverLinkError('AUTH_FAILED', `NETCONF (SSH) login as ${username} on ${host}:${port} was refused: check the switch's credentials (AGENT_DRIVER_PASSWORD or its file)`));
        else if (err.level === 'client-timeout') fail(new DriverLinkError('CONNECT_TIMEOUT', `NETCONF (SSH) connect to ${host}:${port} took over ${ms} ms`));
        else fail(new DriverLinkError('CONNECT_REFUSED', `NETCONF (SSH) connect to ${host}:${port} failed (${err.code ?? err.message}): is the switch up and the address right?`));
      });
      client.once('ready', () =>
        client.subsys('netconf', (err, ch) => (err ? fail(new DriverLinkError('PROTOCOL_ERROR', `the switch refused the netconf subsystem: ${err.message}`)) : resolve(ch))),
      );
      // A pinned host key is checked before the password is sent (AGENT_DRIVER_HOST_KEYS); unpinned, any key is accepted.
      const hostVerifier = (key: Buffer) => {
        const fingerprint = sshFingerprint(key);
        if (!target.hostKey || fingerprint === target.hostKey) return true;
        presented = fingerprint;
        return false;
      };
      client.connect({ host, port, username, password, readyTimeout: ms, tryKeyboard: false, hostVerifier });
    });
    const session = new NetconfSession(client, channel, target, logger);
    try {
      await session.handshake(ms);
      return session;
    } catch (err) {
      client.end();
      throw err;
    }
  }

  onNotice(listener: (n: DeviceNotice) => void): void {
    this.listeners.push(listener);
  }

  async readState(): Promise<DeviceState> {
    const reply = await this.rpc((id) => netconfRpc.getState(id));
    if (!reply.data) throw new DriverLinkError('PROTOCOL_ERROR', `<get> answered without <data>: ${reply.errors.map((e) => e.message ?? e.tag).join('; ')}`);
    const s = readState(reply.data);
    this.info = { vendor: s.vendor, model: s.model, firmware: s.firmware, northPorts: s.northPorts, southPorts: s.southPorts, bulk: true };
    return { powered: s.powered, crossConnects: s.pairs, ports: s.ports };
  }

  async apply(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    const northPorts = this.info.northPorts;
    const reply = await this.rpc((id) => netconfRpc.editPairs(id, kind === 'connect' ? 'create' : 'delete', pairs, northPorts));
    return readEditResults(reply, pairs);
  }

  async close(): Promise<void> {
    if (this.endReason) return;
    this.channel.write(frame(netconfRpc.closeSession(++this.nextId), this.framer.mode));
    await Promise.race([this.ended, new Promise((r) => setTimeout(r, 500).unref())]);
    this.end('closed by the driver');
  }

  private async handshake(ms: number): Promise<void> {
    const theirs = new Promise<string[]>((resolve, reject) => {
      this.helloSeen = resolve;
      setTimeout(() => reject(new DriverLinkError('PROTOCOL_ERROR', `no <hello> from the switch within ${ms} ms`)), ms).unref();
      void this.ended.then((r) => reject(new DriverLinkError('SESSION_LOST', r)));
    });
    this.channel.write(frame(netconfRpc.hello([CAP_BASE_10, CAP_BASE_11, CAP_NOTIFICATION]), '1.0'));
    const caps = await theirs;
    if (!caps.includes(CAP_BASE_10) && !caps.includes(CAP_BASE_11)) throw new DriverLinkError('PROTOCOL_ERROR', `the switch offers no NETCONF base capability (${caps.slice(0, 5).join(', ')})`);
    if (caps.includes(CAP_NOTIFICATION)) {
      const sub = await this.rpc((id) => netconfRpc.subscribe(id));
      if (!sub.ok) throw new DriverLinkError('PROTOCOL_ERROR', `<create-subscription> refused: ${sub.errors.map((e) => e.message ?? e.tag).join('; ')}`);
    }
  }

  private rpc(build: (id: number) => string): Promise<Reply> {
    if (this.endReason) return Promise.reject(new DriverLinkError('SESSION_LOST', this.endReason));
    const id = ++this.nextId;
    const ms = this.target.timing.commandTimeoutMs;
    const answered = this.pending.add(String(id), ms, () =>
      this.end(`rpc ${id} not answered within ${ms} ms`, new DriverLinkError('COMMAND_TIMEOUT', `NETCONF rpc ${id} was not answered within ${ms} ms`)),
    );
    this.channel.write(frame(build(id), this.framer.mode));
    return answered;
  }

  private receive(data: Buffer): void {
    try {
      for (const xml of this.framer.push(data)) {
        const message = parseNetconf(xml);
        if (message.kind === 'hello') {
          // RFC 6242 4.1: chunked framing from the next message when both sides offer base:1.1.
          if (message.capabilities.includes(CAP_BASE_11)) this.framer.mode = '1.1';
          this.helloSeen?.(message.capabilities);
          if (this.framer.mode === '1.1') return this.receive(Buffer.alloc(0));
        } else if (message.kind === 'reply') this.settle(message);
        else if (message.kind === 'notification') this.notify(message.body);
      }
    } catch (err) {
      const reason = (err as Error).message;
      this.logger?.warn({ switchId: this.target.switchId, bytes: data.length, head: data.subarray(0, 120).toString('utf8'), error: reason }, 'malformed NETCONF message; ending the session');
      this.end(`malformed NETCONF message (${reason})`, new DriverLinkError('PROTOCOL_ERROR', `the switch sent a malformed NETCONF message: ${reason}`));
    }
  }

  private settle(reply: Reply): void {
    if (!this.pending.settle(reply.messageId, reply)) this.logger?.warn({ switchId: this.target.switchId, messageId: reply.messageId }, 'NETCONF reply for no outstanding rpc; ignored');
  }

  private notify(body: Record<string, unknown>): void {
    const notice = this.info ? readNotification(body, this.info.northPorts) : undefined;
    if (notice) for (const l of this.listeners) l(notice);
  }

  private end(reason: string, error: Error = new DriverLinkError('SESSION_LOST', reason)): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.pending.rejectAll(error);
    this.client.end();
    this.finish(reason);
  }
}

/** An SSH public key's fingerprint as OpenSSH prints it: SHA256 of the key blob, base64 without padding. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
