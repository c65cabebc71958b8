/**
 * RemoteSwitchDriver: a SwitchDriver for a switch reached over a management protocol. The protocol
 * opens sessions (DeviceSession); this class owns what every protocol shares:
 * - the link: connect with a timeout, reconnect with backoff for ever, a `link` event on every change;
 * - the switch is the source of truth: on every (re)connect its cross-connects, ports and power are
 *   read before the link counts as up, and differences from what was last known are raised as the
 *   port and power events the switch's own alarms would have raised (they may have been missed);
 * - one batch at a time, in call order, sent in the protocol's bulk form;
 * - never a false ack: when the session is lost or times out mid-batch, the switch is re-read after
 *   the reconnect and each pair is reported as what the switch now holds; when it does not come back
 *   within outcomeWaitMs every pair fails with OUTCOME_UNKNOWN and nothing is claimed.
 * snapshot() and crossConnects() answer from the view last read (they are synchronous in SwitchDriver).
 */
import { emitDriverEvent, type ActiveCrossConnect, type CrossConnectPair, type DriverEvent, type DriverLink, type PairResult, type PortStatus, type SwitchDescription, type SwitchDriver, type SwitchSnapshot } from '@lightpath/mems-sim';
import { backoffDelay } from './backoff';
import { DriverLinkError, type BatchKind, type DeviceInfo, type DeviceNotice, type DeviceSession, type DeviceState } from './device-session';
import type { DriverTarget } from './driver-target';

export interface DriverLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const portKey = (p: { side: string; port: number }) => `${p.side}:${p.port}`;

export abstract class RemoteSwitchDriver implements SwitchDriver {
  private readonly listeners = new Set<(event: DriverEvent) => void>();
  private readonly cross = new Map<number, ActiveCrossConnect>();
  private ports = new Map<string, PortStatus>();
  private powered = true;
  private info: DeviceInfo | undefined;
  private session: DeviceSession | undefined;
  private state: DriverLink = { state: 'connecting', since: Date.now() };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private wake: (() => void) | undefined;
  private upWaiters: (() => void)[] = [];
  private loop: Promise<void> | undefined;

  protected constructor(
    protected readonly target: DriverTarget,
    protected readonly logger?: DriverLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens and authenticates one session, within target.timing.connectTimeoutMs. */
  protected abstract open(): Promise<DeviceSession>;

  /** Starts the connect loop; the agent calls it once. */
  start(): void {
    this.loop ??= this.run();
  }

  describe(): SwitchDescription {
    const i = this.info;
    return {
      switchId: this.target.switchId,
      northPorts: i?.northPorts ?? this.target.northPorts,
      southPorts: i?.southPorts ?? this.target.southPorts,
      driver: this.target.kind,
      profile: i ? `${i.vendor} ${i.model}`.slice(0, 64) : 'not-yet-discovered',
      capabilities: i
        ? ['cross-connect', 'port-power-monitoring', ...(i.bulk ? ['bulk-cross-connect'] : []), `vendor:${i.vendor}`, `model:${i.model}`, `firmware:${i.firmware}`].map((c) => c.slice(0, 64))
        : ['cross-connect'],
    };
  }

  link(): DriverLink {
    return { ...this.state };
  }

  connect(pairs: CrossConnectPair[]): Promise<PairResult[]> {
    return this.enqueue(() => this.batch('connect', pairs));
  }

  disconnect(pairs: CrossConnectPair[]): Promise<PairResult[]> {
    return this.enqueue(() => this.batch('disconnect', pairs));
  }

  crossConnects(): ActiveCrossConnect[] {
    return [...this.cross.values()].sort((a, b) => a.north - b.north);
  }

  snapshot(): SwitchSnapshot {
    const ports = [...this.ports.values()].sort((a, b) => a.side.localeCompare(b.side) || a.port - b.port);
    return { switchId: this.target.switchId, powered: this.powered, crossConnects: this.crossConnects(), ports, takenAt: this.now() };
  }

  onEvent(listener: (event: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.session?.close().catch(() => undefined);
    await this.loop;
    this.listeners.clear();
  }

  // ---- link life cycle ---------------------------------------------------------------------------

  private async run(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt += 1) {
      try {
        const session = await this.open();
        if (this.closed) return void (await session.close());
        session.onNotice((notice) => void this.enqueue(() => this.onNotice(notice)).catch(() => undefined));
        this.absorb(await session.readState());
        this.info = session.info;
        this.session = session;
        attempt = 0;
        this.setLink({ state: 'up', since: this.now() });
        this.upWaiters.splice(0).forEach((w) => w());
        const resync = this.resyncWhile(session);
        const reason = await session.ended;
        clearInterval(resync);
        this.session = undefined;
        if (this.closed) return;
        // A batch that lost the session has already said so (with its own code).
        if (this.state.state === 'up') this.setLink({ state: 'down', since: this.now(), code: 'SESSION_LOST', reason: `${reason}; reconnecting` });
      } catch (err) {
        const code = err instanceof DriverLinkError ? err.code : 'PROTOCOL_ERROR';
        const message = err instanceof Error ? err.message : String(err);
        this.setLink({ state: 'down', since: this.now(), code, reason: `${message}; retrying with backoff` });
      }
      await this.sleep(backoffDelay(attempt, this.target.timing.backoffMinMs, this.target.timing.backoffMaxMs));
    }
  }

  private resyncWhile(session: DeviceSession): NodeJS.Timeout | undefined {
    const ms = this.target.timing.resyncMs;
    if (ms <= 0) return undefined;
    const refresh = async () => {
      if (this.session !== session) return;
      try {
        this.absorb(await session.readState());
      } catch (err) {
        this.logger?.warn({ switchId: this.target.switchId, error: String(err) }, 'periodic re-read failed; the session is ended and re-read on reconnect');
        await session.close().catch(() => undefined);
      }
    };
    return setInterval(() => void this.enqueue(refresh), ms).unref();
  }

  private setLink(next: DriverLink): void {
    const prev = this.state;
    this.state = next;
    // An alarm per change, not per retry: a switch down for an hour raises one alarm, not thousands.
    if (prev.state === next.state && prev.code === next.code) return;
    if (next.state === 'up' || prev.state !== 'down' || prev.code !== next.code) {
      this.logger?.[next.state === 'up' ? 'info' : 'warn']({ switchId: this.target.switchId, link: next }, `switch link ${next.state}`);
      this.emit({ kind: 'link', link: { ...next } });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private waitUp(ms: number): Promise<boolean> {
    if (this.state.state === 'up') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.upWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  // ---- batches -------------------------------------------------------------------------------------

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async batch(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    const session = this.session;
    if (!session || this.state.state !== 'up') {
      const reason = `switch ${this.target.switchId} is not reachable over ${this.target.kind} (${this.state.reason ?? this.state.state}); nothing was sent, retry once it is back`;
      return pairs.map(({ north, south }) => ({ north, south, ok: false, code: 'SWITCH_UNREACHABLE', reason }));
    }
    try {
      const results = await session.apply(kind, pairs);
      this.record(kind, results);
      return results;
    } catch (err) {
      // The command may or may not have reached the switch: end the session, re-read, report truth.
      const message = err instanceof Error ? err.message : String(err);
      this.logger?.warn({ switchId: this.target.switchId, kind, pairs: pairs.length, error: message }, 'batch outcome unknown; re-reading the switch');
      if (this.session === session) this.session = undefined;
      const code = err instanceof DriverLinkError ? err.code : 'SESSION_LOST';
      this.setLink({ state: 'down', since: this.now(), code, reason: `${message}; reconnecting to re-read the switch` });
      await session.close().catch(() => undefined);
      return this.settleUnknown(kind, pairs, message);
    }
  }

  private async settleUnknown(kind: BatchKind, pairs: CrossConnectPair[], cause: string): Promise<PairResult[]> {
    const wait = this.target.timing.outcomeWaitMs;
    if (!(await this.waitUp(wait))) {
      const reason = `${cause}; the switch was not back within ${wait} ms, so whether this pair changed is unknown: its state is reported when it reconnects`;
      return pairs.map(({ north, south }) => ({ north, south, ok: false, code: 'OUTCOME_UNKNOWN', reason }));
    }
    return pairs.map(({ north, south }) => {
      const held = this.cross.get(north);
      const done = kind === 'connect' ? held?.south === south : held?.south !== south;
      if (done) return { north, south, ok: true, ...(kind === 'connect' ? { lossDb: held!.lossDb } : {}) };
      const reason = `${cause}; re-read after reconnecting: the switch ${kind === 'connect' ? 'does not hold' : 'still holds'} N${north}-S${south}, retry`;
      return { north, south, ok: false, code: 'SWITCH_UNREACHABLE', reason };
    });
  }

  private record(kind: BatchKind, results: PairResult[]): void {
    for (const r of results) {
      if (!r.ok) continue;
      if (kind === 'disconnect') this.cross.delete(r.north);
      else this.cross.set(r.north, { north: r.north, south: r.south, lossDb: r.lossDb ?? 0, since: this.now() });
    }
  }

  // ---- the switch's own account ------------------------------------------------------------------

  /** An alarm: re-read the switch (a failed port may have dropped its light path), then tell. */
  private async onNotice(notice: DeviceNotice): Promise<void> {
    const session = this.session;
    if (session) {
      try {
        this.absorb(await session.readState(), notice);
      } catch (err) {
        this.logger?.warn({ switchId: this.target.switchId, error: String(err) }, 're-read after an alarm failed; the next reconnect re-reads');
      }
    }
    if (notice.kind === 'power') this.emit({ kind: notice.powered ? 'power-restored' : 'power-lost' });
    else this.emit({ kind: 'port-health', port: notice.port, health: notice.health, reason: notice.reason, ...(notice.severity ? { severity: notice.severity } : {}) });
  }

  /**
   * Replaces the view with what the switch says, and raises the port and power changes it implies
   * (except the one the triggering notice will raise itself).
   */
  private absorb(state: DeviceState, except?: DeviceNotice): void {
    const since = new Map([...this.cross.values()].map((c) => [`${c.north}-${c.south}`, c.since]));
    this.cross.clear();
    for (const c of state.crossConnects) this.cross.set(c.north, { ...c, since: since.get(`${c.north}-${c.south}`) ?? this.now() });
    const before = this.ports;
    this.ports = new Map(state.ports.map((p) => [portKey(p), p]));
    const wasPowered = this.powered;
    this.powered = state.powered;
    if (wasPowered !== state.powered && except?.kind !== 'power') this.emit({ kind: state.powered ? 'power-restored' : 'power-lost' });
    const keys = new Set([...before.keys(), ...this.ports.keys()]);
    for (const key of keys) {
      const was = before.get(key)?.health ?? 'ok';
      const now = this.ports.get(key);
      const health = now?.health ?? 'ok';
      if (was === health) continue;
      const port = now ? { side: now.side, port: now.port } : { side: before.get(key)!.side, port: before.get(key)!.port };
      if (except?.kind === 'port' && portKey(except.port) === key) continue;
      this.emit({ kind: 'port-health', port, health, reason: `${port.side} port ${port.port} is ${health} on re-reading the switch`, ...(health === 'failed' ? { severity: 'critical' as const } : {}) });
    }
  }

  private emit(event: DriverEvent): void {
    emitDriverEvent(this.listeners, event);
  }

}
