/**
 * A TL1 server on TCP in front of one simulated switch, speaking lightpath's Calient-style dialect
 * (libs/southbound tl1.dialect.ts): ACT-USER / CANC-USER, RTRV-NETYPE, RTRV-CRS, RTRV-PORT, bulk
 * ENT-CRS / DLT-CRS, and REPT ALM autonomous messages to every logged-in session. Commands of one
 * session are handled in order; the crossbar itself serialises batches across sessions.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { DriverEvent, PairResult } from '@lightpath/mems-sim';
import {
  alarmBlock,
  ALARM_CODE,
  formatAutonomous,
  formatResponse,
  pairResultBlock,
  parseCommand,
  parsePairAids,
  portAid,
  portBlock,
  Tl1Framer,
  Tl1ParseError,
  type CompletionCode,
  type Tl1Block,
  type Tl1Command,
} from '@lightpath/southbound';
import type { Logger } from 'pino';
import type { SimSwitch } from '../sim-switch';

const SID = (switchId: string) => switchId.toUpperCase().replace(/[^A-Z0-9-]/g, '-');

interface Session {
  socket: Socket;
  loggedIn: boolean;
  queue: Promise<void>;
}

export class Tl1Server {
  private readonly server: Server;
  private readonly sessions = new Set<Session>();
  private atag = 0;

  constructor(
    private readonly sim: SimSwitch,
    private readonly credentials: { username: string; password: string },
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    sim.driver.onEvent((event) => this.broadcast(event));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as { port: number }).port));
    });
  }

  /** Drops every session (a network cut as the driver sees it); the listener stays. */
  dropSessions(): number {
    const n = this.sessions.size;
    for (const s of this.sessions) s.socket.destroy();
    return n;
  }

  close(): Promise<void> {
    this.dropSessions();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session: Session = { socket, loggedIn: false, queue: Promise.resolve() };
    this.sessions.add(session);
    const framer = new Tl1Framer(';');
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      for (const raw of framer.push(chunk)) session.queue = session.queue.then(() => this.handle(session, raw));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sessions.delete(session));
  }

  private async handle(session: Session, raw: string): Promise<void> {
    let command: Tl1Command;
    try {
      command = parseCommand(raw);
    } catch (err) {
      return this.reply(session, '0', 'DENY', [{ text: 'ERCDE=IICM', comment: (err as Error).message }]);
    }
    const { ctag } = command;
    if (command.verb === 'ACT-USER') {
      session.loggedIn = command.aid === this.credentials.username && command.params === this.credentials.password;
      return session.loggedIn ? this.reply(session, ctag, 'COMPLD', []) : this.reply(session, ctag, 'DENY', [{ text: 'ERCDE=PIUI', comment: 'invalid user identifier or password' }]);
    }
    if (!session.loggedIn) return this.reply(session, ctag, 'DENY', [{ text: 'ERCDE=PLNA', comment: 'log in with ACT-USER first' }]);
    const driver = this.sim.driver;
    switch (command.verb) {
      case 'CANC-USER':
        this.reply(session, ctag, 'COMPLD', []);
        session.socket.end();
        return;
      case 'RTRV-NETYPE': {
        const d = driver.describe();
        const text = `LIGHTPATH,SWITCH-SIM-S320,OCS,1.0:NPORTS=${d.northPorts},SPORTS=${d.southPorts},BULK=Y,POWER=${driver.isPowered() ? 'ON' : 'OFF'}`;
        return this.reply(session, ctag, 'COMPLD', [{ text }]);
      }
      case 'RTRV-CRS':
        return this.reply(session, ctag, 'COMPLD', driver.crossConnects().map((c) => ({ text: `N${c.north},S${c.south}:LOSS=${c.lossDb.toFixed(2)}` })));
      case 'RTRV-PORT':
        return this.reply(session, ctag, 'COMPLD', driver.snapshot().ports.map((p) => portBlock(p, p.health, p.powerDbm)));
      case 'ENT-CRS':
      case 'DLT-CRS':
        return this.batch(session, command);
      default:
        return this.reply(session, ctag, 'DENY', [{ text: 'ERCDE=IICM', comment: `command ${command.verb} is not served by this simulator` }]);
    }
  }

  private async batch(session: Session, command: Tl1Command): Promise<void> {
    let pairs;
    try {
      pairs = parsePairAids(command.aid);
    } catch (err) {
      if (!(err instanceof Tl1ParseError)) throw err;
      return this.reply(session, command.ctag, 'DENY', [{ text: 'ERCDE=IIAC', comment: err.message }]);
    }
    const results: PairResult[] = await this.sim.apply(command.verb === 'ENT-CRS' ? 'connect' : 'disconnect', pairs);
    const ok = results.filter((r) => r.ok).length;
    const code: CompletionCode = ok === results.length ? 'COMPLD' : ok === 0 ? 'DENY' : 'PRTL';
    this.reply(session, command.ctag, code, results.map(pairResultBlock));
  }

  private reply(session: Session, ctag: string, code: CompletionCode, blocks: Tl1Block[]): void {
    if (!session.socket.writable) return;
    session.socket.write(formatResponse({ sid: SID(this.sim.spec.switchId), ctag, code, blocks, at: new Date() }));
  }

  private broadcast(event: DriverEvent): void {
    const block = toAlarmBlock(event);
    if (!block) return;
    this.atag = (this.atag % 999_999) + 1;
    const message = formatAutonomous({ sid: SID(this.sim.spec.switchId), alarm: ALARM_CODE[block.ntfcncde], atag: String(this.atag), verb: block.verb, blocks: [block.block], at: new Date() });
    for (const s of this.sessions) if (s.loggedIn && s.socket.writable) s.socket.write(message);
    this.logger.debug({ switchId: this.sim.spec.switchId, event }, 'TL1 autonomous message sent');
  }
}

function toAlarmBlock(event: DriverEvent): { ntfcncde: 'CR' | 'MJ' | 'MN' | 'CL'; verb: string; block: Tl1Block } | undefined {
  switch (event.kind) {
    case 'power-lost':
      return { ntfcncde: 'CR', verb: 'REPT ALM EQPT', block: alarmBlock('SYSTEM', 'CR', 'PWR', 'power lost: every cross-connect is down') };
    case 'power-restored':
      return { ntfcncde: 'CL', verb: 'REPT ALM EQPT', block: alarmBlock('SYSTEM', 'CL', 'PWR', 'power restored; the switch came back with no cross-connects') };
    case 'port-health': {
      const ntfcncde = event.health === 'ok' ? 'CL' : event.severity === 'critical' || event.health === 'failed' ? 'CR' : event.severity === 'major' ? 'MJ' : 'MN';
      const condtype = event.health === 'degraded' ? 'PORT-DEGR' : 'PORT-FAIL';
      return { ntfcncde, verb: 'REPT ALM OCSPORT', block: alarmBlock(portAid(event.port), ntfcncde, condtype, event.reason) };
    }
    default:
      return undefined;
  }
}
