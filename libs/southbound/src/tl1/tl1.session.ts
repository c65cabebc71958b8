/**
 * One TL1 session over TCP: connect, ACT-USER, capability discovery (RTRV-NETYPE), then commands
 * correlated to their responses by CTAG (several may be outstanding, as TL1 allows) and autonomous
 * messages passed on as notices. Any malformed message or a command not answered in time ends the
 * session: the byte stream can no longer be trusted, and the driver re-reads the switch on reconnect.
 */
import { connect, type Socket } from 'node:net';
import type { CrossConnectPair, PairResult } from '@lightpath/mems-sim';
import { PendingRequests } from '../common/pending-requests';
import type { DriverLogger } from '../common/remote-switch.driver';
import { DriverLinkError, type BatchKind, type DeviceInfo, type DeviceNotice, type DeviceSession, type DeviceState } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import { parseMessage, type Tl1Block, type Tl1Message } from './tl1.codec';
import { readAlarm, readCrossConnect, readNeType, readPairResult, readPort, rejectCodeOf, parseParams, tl1Commands } from './tl1.dialect';
import { Tl1Framer } from './tl1.framing';

type Response = Extract<Tl1Message, { type: 'response' }>;

/** CTAGs are at most 6 characters (GR-831): count 1..999999 and wrap. */
const MAX_CTAG = 999_999;

export class Tl1Session implements DeviceSession {
  info!: DeviceInfo;
  readonly ended: Promise<string>;
  private readonly framer = new Tl1Framer(';<');
  private readonly pending = new PendingRequests<Response>();
  private readonly listeners: ((n: DeviceNotice) => void)[] = [];
  private ctag = 0;
  private endReason: string | undefined;
  private finish!: (reason: string) => void;

  private constructor(
    private readonly socket: Socket,
    private readonly target: DriverTarget,
    private readonly logger?: DriverLogger,
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (err) => this.end(`socket error: ${err.message}`));
    socket.on('close', () => this.end('the switch closed the TL1 connection'));
  }

  /** Connects and logs in within target.timing.connectTimeoutMs; rejects with a DriverLinkError. */
  static async open(target: DriverTarget, logger?: DriverLogger): Promise<Tl1Session> {
    const { host, port } = target;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new DriverLinkError('CONNECT_TIMEOUT', `TL1 connect to ${host}:${port} took over ${target.timing.connectTimeoutMs} ms`));
      }, target.timing.connectTimeoutMs);
      s.once('connect', () => (clearTimeout(timer), resolve(s)));
      s.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new DriverLinkError('CONNECT_REFUSED', `TL1 connect to ${host}:${port} failed (${err.code ?? err.message}): is the switch up and the address right?`));
      });
    });
    const session = new Tl1Session(socket, target, logger);
    try {
      const login = await session.send((ctag) => tl1Commands.login(target.username, target.password, ctag));
      if (login.code !== 'COMPLD') {
        const why = login.blocks.map((b) => [b.text, b.comment].filter(Boolean).join(' ')).join('; ');
        throw new DriverLinkError('AUTH_FAILED', `TL1 login as ${target.username} on ${host}:${port} was refused (${why || login.code}): check the switch's credentials (AGENT_DRIVER_PASSWORD or its file)`);
      }
      // Discovery (RTRV-NETYPE) is the first command of readState(), which the driver runs next.
      return session;
    } catch (err) {
      session.socket.destroy();
      throw err;
    }
  }

  onNotice(listener: (n: DeviceNotice) => void): void {
    this.listeners.push(listener);
  }

  async readState(): Promise<DeviceState> {
    const [ne, crs, ports] = await Promise.all([
      this.readInfo(),
      this.expect('RTRV-CRS', (c) => tl1Commands.retrieveCrossConnects(c)),
      this.expect('RTRV-PORT', (c) => tl1Commands.retrievePorts(c)),
    ]);
    this.info = ne.info;
    return {
      powered: ne.powered,
      crossConnects: texts(crs.blocks).map(readCrossConnect),
      ports: texts(ports.blocks).map(readPort),
    };
  }

  async apply(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    const build = kind === 'connect' ? tl1Commands.enterCrossConnects : tl1Commands.deleteCrossConnects;
    const response = await this.send((ctag) => build(pairs, ctag));
    const blocks = texts(response.blocks);
    // A command-level refusal (bad AID list, not logged in) names no pair: it applies to all.
    const general = blocks.find((b) => !b.text.includes(','));
    const byPair = new Map(blocks.filter((b) => b !== general).map((b) => readPairResult(b)).map((r) => [`${r.north}-${r.south}`, r]));
    return pairs.map(({ north, south }) => {
      const found = byPair.get(`${north}-${south}`);
      if (found) return found;
      if (response.code === 'COMPLD') return { north, south, ok: true };
      const ercde = general ? (parseParams(general.text.split(':')[1] ?? general.text).ERCDE ?? general.text) : response.code;
      return { north, south, ok: false, code: rejectCodeOf(ercde), reason: general?.comment ?? `the switch answered ${response.code} (${ercde}) without naming N${north}-S${south}` };
    });
  }

  async close(): Promise<void> {
    if (this.endReason) return;
    // Best effort: log out, then close; the switch frees the session either way.
    this.socket.write(tl1Commands.logout(this.target.username, this.nextCtag()));
    this.socket.end();
    await Promise.race([this.ended, new Promise((r) => setTimeout(r, 500).unref())]);
    this.end('closed by the driver');
  }

  private async readInfo(): Promise<{ info: DeviceInfo; powered: boolean }> {
    const ne = await this.expect('RTRV-NETYPE', (c) => tl1Commands.retrieveNeType(c));
    const [block] = texts(ne.blocks);
    if (!block) throw new DriverLinkError('PROTOCOL_ERROR', 'RTRV-NETYPE answered with no text block');
    const { powered, ...info } = readNeType(block);
    return { info, powered };
  }

  private async expect(what: string, build: (ctag: string) => string): Promise<Response> {
    const r = await this.send(build);
    if (r.code !== 'COMPLD') {
      const why = r.blocks.map((b) => [b.text, b.comment].filter(Boolean).join(' ')).join('; ');
      throw new DriverLinkError('PROTOCOL_ERROR', `${what} answered ${r.code} (${why})`);
    }
    return r;
  }

  private nextCtag(): string {
    this.ctag = (this.ctag % MAX_CTAG) + 1;
    return String(this.ctag);
  }

  private send(build: (ctag: string) => string): Promise<Response> {
    if (this.endReason) return Promise.reject(new DriverLinkError('SESSION_LOST', this.endReason));
    const ctag = this.nextCtag();
    const text = build(ctag);
    const ms = this.target.timing.commandTimeoutMs;
    const verb = text.split(':')[0];
    const answered = this.pending.add(ctag, ms, () =>
      this.end(`${verb} (ctag ${ctag}) not answered within ${ms} ms`, new DriverLinkError('COMMAND_TIMEOUT', `${verb} was not answered within ${ms} ms`)),
    );
    this.socket.write(text);
    return answered;
  }

  private receive(chunk: string): void {
    for (const raw of this.framer.push(chunk)) {
      let message: Tl1Message;
      try {
        message = parseMessage(raw);
      } catch (err) {
        this.logger?.warn({ switchId: this.target.switchId, bytes: raw.length, head: raw.slice(0, 120), error: (err as Error).message }, 'malformed TL1 message; ending the session');
        this.end(`malformed TL1 message (${(err as Error).message})`, new DriverLinkError('PROTOCOL_ERROR', `the switch sent a malformed TL1 message: ${(err as Error).message}`));
        return;
      }
      if (message.type === 'response') this.settle(message);
      else if (message.type === 'autonomous') this.notify(message.blocks);
    }
  }

  private settle(response: Response): void {
    if (!this.pending.settle(response.ctag, response)) this.logger?.warn({ switchId: this.target.switchId, ctag: response.ctag }, 'TL1 response for no outstanding command; ignored');
  }

  private notify(blocks: Tl1Block[]): void {
    for (const block of texts(blocks)) {
      try {
        const notice = readAlarm(block);
        for (const l of this.listeners) l(notice);
      } catch (err) {
        this.logger?.warn({ switchId: this.target.switchId, block: block.text.slice(0, 120), error: (err as Error).message }, 'autonomous TL1 message not understood; ignored');
      }
    }
  }

  private end(reason: string, error: Error = new DriverLinkError('SESSION_LOST', reason)): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.pending.rejectAll(error);
    this.socket.destroy();
    this.finish(reason);
  }
}

const texts = (blocks: Tl1Block[]) => blocks.filter((b) => b.text !== '');
