/**
 * A gNMI target (gRPC, @grpc/grpc-js, plaintext h2c) in front of one simulated switch, speaking
 * lightpath's OCS dialect (libs/southbound gnmi.*.ts): Capabilities, Get of the chassis, port
 * counts, cross-connects and ports, Set of many cross-connects as one transaction (rolled back
 * whole when any pair is refused, gNMI specification 3.4.3), Subscribe STREAM of alarms. Credentials
 * are checked on every call from the "username"/"password" metadata.
 */
import * as grpc from '@grpc/grpc-js';
import type { CrossConnectPair, DriverEvent, PairResult } from '@lightpath/mems-sim';
import { gnmiService, gnmiTarget, GnmiParseError, joinPath, paths, pathString, readSetRequest, type GnmiState, type Notification, type Path } from '@lightpath/southbound';
import type { Logger } from 'pino';
import type { SimSwitch } from '../sim-switch';

type Stream = grpc.ServerDuplexStream<{ subscribe?: { mode?: string; subscription?: { path?: Path }[] } }, object>;

const nanos = () => String(BigInt(Date.now()) * 1_000_000n);
const fail = (code: grpc.status, details: string) => Object.assign(new Error(details), { code, details });

export class GnmiServer {
  private server: grpc.Server | undefined;
  private address: { host: string; port: number } | undefined;
  private readonly streams = new Set<Stream>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sim: SimSwitch,
    private readonly credentials: { username: string; password: string },
    private readonly logger: Logger,
  ) {
    sim.driver.onEvent((event) => this.notify(event));
  }

  async listen(host: string, port: number): Promise<number> {
    const server = new grpc.Server();
    server.addService(gnmiService().definition, {
      Capabilities: (call: grpc.ServerUnaryCall<object, object>, cb: grpc.sendUnaryData<object>) => this.unary(call, cb, async () => gnmiTarget.capabilities()),
      Get: (call: grpc.ServerUnaryCall<{ prefix?: Path; path?: Path[] }, object>, cb: grpc.sendUnaryData<object>) => this.unary(call, cb, async () => this.get(call.request)),
      Set: (call: grpc.ServerUnaryCall<Parameters<typeof readSetRequest>[0], object>, cb: grpc.sendUnaryData<object>) => this.unary(call, cb, () => this.serial(() => this.set(call.request))),
      Subscribe: (call: Stream) => this.subscribe(call),
    });
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.server = server;
    this.address = { host, port: bound };
    return bound;
  }

  /** Cuts every connection (in-flight calls lose their answer, as on a real link loss), then listens again on the same port. */
  dropSessions(): number {
    const n = this.streams.size;
    this.streams.clear();
    this.server?.forceShutdown();
    this.server = undefined;
    if (this.address) void this.listen(this.address.host, this.address.port).catch((err: Error) => this.logger.error({ error: err.message }, 'gNMI listener could not be reopened'));
    return n;
  }

  async close(): Promise<void> {
    this.address = undefined;
    this.streams.clear();
    this.server?.forceShutdown();
  }

  private authorised(md: grpc.Metadata): boolean {
    return md.get('username')[0] === this.credentials.username && md.get('password')[0] === this.credentials.password;
  }

  private unary<Req, Res>(call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>, answer: () => Promise<Res>): void {
    if (!this.authorised(call.metadata)) return cb(fail(grpc.status.UNAUTHENTICATED, 'wrong username or password'));
    answer().then(
      (res) => cb(null, res),
      (err: Error & { code?: number }) => cb(err instanceof GnmiParseError ? fail(grpc.status.INVALID_ARGUMENT, err.message) : typeof err.code === 'number' ? err : fail(grpc.status.INTERNAL, err.message)),
    );
  }

  /** Set transactions one at a time, so one's rollback cannot interleave with another's changes. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get(req: { prefix?: Path; path?: Path[] }): { notification: Notification[] } {
    const state = this.state();
    const notification = (req.path ?? []).map((p) => {
      const n = gnmiTarget.notificationFor(joinPath(req.prefix, p), state, nanos());
      if (!n) throw fail(grpc.status.NOT_FOUND, `${pathString(joinPath(req.prefix, p))} is not served by this simulator`);
      return n;
    });
    return { notification };
  }

  /** Deletes, then updates (break before make); any refusal rolls back what this Set changed. */
  private async set(req: Parameters<typeof readSetRequest>[0]): Promise<object> {
    const { deletes, updates } = readSetRequest(req);
    // A delete of a cross-connect the switch does not hold is accepted silently (specification 3.4.6).
    const removed = (await this.sim.apply('disconnect', deletes)).filter((r) => r.code !== 'NOT_CONNECTED');
    const made = await this.sim.apply('connect', updates);
    const refused = [...removed, ...made].filter((r) => !r.ok);
    if (refused.length > 0) {
      await this.rollback(removed.filter((r) => r.ok), made.filter((r) => r.ok));
      const { code, details } = gnmiTarget.setRefusal(refused);
      throw fail(code, details);
    }
    return {
      response: [
        ...deletes.map((p) => ({ path: paths.crossConnect(p.north, p.south), op: 'DELETE' })),
        ...updates.map((p) => ({ path: paths.crossConnectConfig(p.north, p.south), op: 'UPDATE' })),
      ],
      timestamp: nanos(),
    };
  }

  private async rollback(removed: CrossConnectPair[], made: PairResult[]): Promise<void> {
    await this.sim.apply('disconnect', made.map(({ north, south }) => ({ north, south })));
    await this.sim.apply('connect', removed.map(({ north, south }) => ({ north, south })));
  }

  private subscribe(call: Stream): void {
    if (!this.authorised(call.metadata)) return void call.destroy(fail(grpc.status.UNAUTHENTICATED, 'wrong username or password'));
    call.on('data', (req: { subscribe?: { mode?: string } }) => {
      if (!req.subscribe || (req.subscribe.mode ?? 'STREAM') !== 'STREAM') return void call.destroy(fail(grpc.status.UNIMPLEMENTED, 'only STREAM subscriptions (of /system/alarms) are served'));
      this.streams.add(call);
      call.write({ sync_response: true });
    });
    const forget = () => this.streams.delete(call);
    call.on('cancelled', forget);
    call.on('end', () => (forget(), call.end()));
    call.on('error', forget);
  }

  private state(): GnmiState {
    const d = this.sim.driver;
    const snap = d.snapshot();
    return {
      vendor: 'LIGHTPATH',
      model: 'SWITCH-SIM-OCS',
      firmware: '1.0',
      northPorts: d.describe().northPorts,
      southPorts: d.describe().southPorts,
      powered: snap.powered,
      crossConnects: snap.crossConnects.map(({ north, south, lossDb }) => ({ north, south, lossDb })),
      ports: snap.ports.map(({ side, port, health, powerDbm }) => ({ side, port, health, powerDbm })),
    };
  }

  private notify(event: DriverEvent): void {
    const at = nanos();
    let n: Notification | undefined;
    if (event.kind === 'port-health') {
      n =
        event.health === 'ok'
          ? gnmiTarget.alarmCleared(at, event.port)
          : gnmiTarget.alarmRaised(at, event.port, event.health === 'failed' ? 'PORT_FAILED' : 'PORT_DEGRADED', (event.severity ?? (event.health === 'failed' ? 'critical' : 'minor')).toUpperCase() as 'CRITICAL', event.reason);
    } else if (event.kind === 'power-lost') n = gnmiTarget.alarmRaised(at, 'chassis', 'POWER_LOST', 'CRITICAL', 'power lost: every cross-connect is down');
    else if (event.kind === 'power-restored') n = gnmiTarget.alarmCleared(at, 'chassis');
    if (!n) return;
    for (const s of this.streams) if (s.writable) s.write({ update: n });
  }
}
