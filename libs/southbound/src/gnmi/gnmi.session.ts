/**
 * One gNMI session over gRPC (HTTP/2, @grpc/grpc-js): Capabilities within the connect timeout (the
 * models lightpath needs must be listed), a Subscribe STREAM of alarms (ON_CHANGE, updates only)
 * open until its sync_response, then Get and Set as unary calls with the command timeout. The
 * session ends when the Subscribe stream does: a switch that restarts or cuts its connections ends
 * it, and the driver reconnects and re-reads.
 *
 * Credentials travel as "username" and "password" metadata on every call (openconfig/reference
 * rpc/gnmi/gnmi-authentication.md). ASSUMED and not yet supported: TLS (the channel is plaintext
 * h2c, fit for a management network or a test bench only; docs/drivers.md).
 */
import type { CrossConnectPair, PairResult } from '@lightpath/mems-sim';
import { DriverLinkError, type BatchKind, type DeviceInfo, type DeviceNotice, type DeviceSession, type DeviceState } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import type { DriverLogger } from '../common/remote-switch.driver';
import { checkCapabilities, generalCode, gnmiRequest, isRefusal, readAlarms, readGetState, readSetRefusal, type CapabilityResponse, type Notification } from './gnmi.messages';
import { gnmiService, grpc } from './gnmi.service';

type Unary = (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: unknown) => void) => grpc.ClientUnaryCall;
type Stream = grpc.ClientDuplexStream<object, { update?: Notification; sync_response?: boolean }>;

/** How a failed call ends the session: its gRPC status -> the link's code. */
function linkError(err: grpc.ServiceError, what: string, connecting: boolean): DriverLinkError {
  const s = grpc.status;
  if (err.code === s.UNAUTHENTICATED || err.code === s.PERMISSION_DENIED) return new DriverLinkError('AUTH_FAILED', `gNMI ${what} refused the credentials (${err.details}): check the switch's username and AGENT_DRIVER_PASSWORD or its file`);
  if (err.code === s.DEADLINE_EXCEEDED) return new DriverLinkError(connecting ? 'CONNECT_TIMEOUT' : 'COMMAND_TIMEOUT', `gNMI ${what} was not answered in time`);
  if (err.code === s.UNAVAILABLE) return new DriverLinkError(connecting ? 'CONNECT_REFUSED' : 'SESSION_LOST', `gNMI ${what} failed: the switch is unavailable (${err.details})`);
  return new DriverLinkError(connecting ? 'PROTOCOL_ERROR' : 'SESSION_LOST', `gNMI ${what} failed with status ${err.code} (${err.details})`);
}

export class GnmiSession implements DeviceSession {
  info!: DeviceInfo;
  readonly ended: Promise<string>;
  private readonly listeners: ((n: DeviceNotice) => void)[] = [];
  private stream: Stream | undefined;
  private endReason: string | undefined;
  private finish!: (reason: string) => void;

  private constructor(
    private readonly client: grpc.Client & Record<string, unknown>,
    private readonly metadata: grpc.Metadata,
    private readonly target: DriverTarget,
    private readonly logger?: DriverLogger,
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
  }

  static async open(target: DriverTarget, logger?: DriverLogger): Promise<GnmiSession> {
    const { client: Client } = gnmiService();
    const client = new Client(`${target.host}:${target.port}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 16 * 1024 * 1024 }) as grpc.Client & Record<string, unknown>;
    const metadata = new grpc.Metadata();
    metadata.set('username', target.username);
    metadata.set('password', target.password);
    const session = new GnmiSession(client, metadata, target, logger);
    try {
      const ms = target.timing.connectTimeoutMs;
      const caps = (await session.unary('Capabilities', gnmiRequest.capabilities(), ms, true)) as CapabilityResponse;
      try {
        checkCapabilities(caps);
      } catch (err) {
        throw new DriverLinkError('PROTOCOL_ERROR', (err as Error).message);
      }
      await session.subscribe(ms);
      return session;
    } catch (err) {
      session.end(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  onNotice(listener: (n: DeviceNotice) => void): void {
    this.listeners.push(listener);
  }

  async readState(): Promise<DeviceState> {
    const reply = await this.unary('Get', gnmiRequest.getState(), this.target.timing.commandTimeoutMs);
    try {
      const s = readGetState(reply as { notification?: Notification[] });
      this.info = { vendor: s.vendor, model: s.model, firmware: s.firmware, northPorts: s.northPorts, southPorts: s.southPorts, bulk: true };
      return { powered: s.powered, crossConnects: s.crossConnects, ports: s.ports };
    } catch (err) {
      this.end(`unreadable Get reply: ${(err as Error).message}`);
      throw new DriverLinkError('PROTOCOL_ERROR', `the switch's Get reply could not be read: ${(err as Error).message}`);
    }
  }

  /**
   * One SetRequest for the batch. gNMI applies a Set whole or not at all (specification 3.4.3), so
   * when the switch refuses it nothing changed: the pairs its error names fail with their code and
   * the rest is sent again as one Set; a refusal naming no pair is split in halves until each
   * refused pair stands alone. Every pair refused costs one more exchange; a clean batch costs one.
   */
  async apply(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    const failed = new Map<number, { code: PairResult['code']; reason: string }>();
    await this.settle(kind, pairs, failed);
    return pairs.map(({ north, south }) => {
      const f = failed.get(north);
      return f ? { north, south, ok: false, code: f.code, reason: f.reason } : { north, south, ok: true };
    });
  }

  async close(): Promise<void> {
    this.end('closed by the driver');
  }

  private async settle(kind: BatchKind, pairs: CrossConnectPair[], failed: Map<number, { code: PairResult['code']; reason: string }>): Promise<void> {
    let pending = pairs;
    while (pending.length > 0) {
      const refusal = await this.set(kind, pending);
      if (!refusal) return;
      const named = readSetRefusal(refusal.code, refusal.details, pending);
      if (named.size > 0) {
        for (const [north, f] of named) failed.set(north, f);
        pending = pending.filter((p) => !named.has(p.north));
        continue;
      }
      if (pending.length === 1) {
        const code = generalCode(refusal.code);
        failed.set(pending[0].north, { code, reason: code === 'DEVICE_ERROR' ? `device error (gRPC status ${refusal.code}): ${refusal.details}` : refusal.details });
        return;
      }
      const half = Math.ceil(pending.length / 2);
      await this.settle(kind, pending.slice(0, half), failed);
      await this.settle(kind, pending.slice(half), failed);
      return;
    }
  }

  /** undefined when the switch applied the Set; its status when it refused (and so rolled back) the Set. */
  private async set(kind: BatchKind, pairs: CrossConnectPair[]): Promise<{ code: number; details: string } | undefined> {
    try {
      await this.unary('Set', gnmiRequest.set(kind, pairs), this.target.timing.commandTimeoutMs, false, true);
      return undefined;
    } catch (err) {
      const e = err as grpc.ServiceError;
      if (typeof e.code === 'number' && isRefusal(e.code)) return { code: e.code, details: e.details ?? '' };
      throw err;
    }
  }

  private unary(rpc: 'Capabilities' | 'Get' | 'Set', req: object, ms: number, connecting = false, refusable = false): Promise<unknown> {
    if (this.endReason) return Promise.reject(new DriverLinkError('SESSION_LOST', this.endReason));
    return new Promise((resolve, reject) => {
      (this.client[rpc] as Unary).call(this.client, req, this.metadata, { deadline: Date.now() + ms }, (err, res) => {
        if (!err) return resolve(res);
        if (refusable && isRefusal(err.code)) return reject(err);
        const link = linkError(err, rpc, connecting);
        this.end(link.message);
        reject(link);
      });
    });
  }

  private subscribe(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new DriverLinkError('CONNECT_TIMEOUT', `gNMI Subscribe sent no sync_response within ${ms} ms`)), ms);
      const stream = (this.client.Subscribe as (md: grpc.Metadata) => Stream).call(this.client, this.metadata);
      this.stream = stream;
      stream.on('data', (res: { update?: Notification; sync_response?: boolean }) => {
        if (res.sync_response) {
          clearTimeout(timer);
          resolve();
        } else if (res.update) this.notify(res.update);
      });
      stream.on('error', (err: grpc.ServiceError) => {
        clearTimeout(timer);
        const link = linkError(err, 'Subscribe', true);
        this.end(link.message);
        reject(link);
      });
      stream.on('end', () => {
        clearTimeout(timer);
        this.end('the switch ended the gNMI Subscribe stream');
        reject(new DriverLinkError('SESSION_LOST', 'the switch ended the gNMI Subscribe stream'));
      });
      stream.write(gnmiRequest.subscribe());
    });
  }

  private notify(n: Notification): void {
    let notices: DeviceNotice[];
    try {
      notices = readAlarms(n);
    } catch (err) {
      // One unreadable update is logged and skipped; the periodic and reconnect re-reads still hold.
      this.logger?.warn({ switchId: this.target.switchId, error: (err as Error).message }, 'unreadable gNMI alarm update; skipped');
      return;
    }
    for (const notice of notices) for (const l of this.listeners) l(notice);
  }

  private end(reason: string): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.stream?.cancel();
    this.client.close();
    this.finish(reason);
  }
}
