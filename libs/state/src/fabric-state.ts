import { ActualStateStore } from './actual-state';
import { AuditLog } from './audit-log';
import { CircuitOwners } from './circuit-owners';
import { EventChannel } from './event-channel';
import { FabricSpecStore } from './fabric-spec-store';
import { fabricKeys, type FabricKeys } from './keys';
import { LeaderLease } from './leader-lease';
import { DesiredState } from './desired-state';
import { OperationStore } from './operation-store';
import { createRedis, type LightpathRedis, type RedisOptions } from './redis-connection';
import { type ReservationRecord, ReservationStore } from './reservation-store';
import { SwitchRegistry } from './switch-registry';
import { TopologyStore } from './topology-store';

/**
 * Everything one fabric keeps in Redis, behind domain-named stores (apps never see ioredis). The
 * connection is private: what a caller needs of it is a method here or on a store.
 */
export class FabricState {
  readonly keys: FabricKeys;
  readonly switches: SwitchRegistry;
  /** The operations engine's store: every operation, its claims, steps and answers. */
  readonly operations: OperationStore;
  readonly desired: DesiredState;
  readonly actual: ActualStateStore;
  readonly audit: AuditLog;
  readonly leadership: LeaderLease;
  readonly owners: CircuitOwners;

  private constructor(
    private readonly redis: LightpathRedis,
    readonly fabric: string,
  ) {
    this.keys = fabricKeys(fabric);
    this.switches = new SwitchRegistry(redis, this.keys);
    this.operations = new OperationStore(redis, this.keys);
    this.desired = new DesiredState(redis, this.keys);
    this.actual = new ActualStateStore(redis, this.keys);
    this.audit = new AuditLog(redis, this.keys);
    this.leadership = new LeaderLease(redis, this.keys);
    this.owners = new CircuitOwners(redis, this.keys);
  }

  static connect(url: string, fabric: string, connectionName: string, options: RedisOptions = {}): FabricState {
    return new FabricState(createRedis(url, connectionName, options), fabric);
  }

  /** The reservations feature's store; the orchestrator owns the record's shape beyond id and tenant. */
  reservationStore<R extends ReservationRecord>(): ReservationStore<R> {
    return new ReservationStore<R>(this.redis, this.keys);
  }

  topologyStore(): TopologyStore {
    return new TopologyStore(this.redis, this.keys);
  }

  fabricSpecStore(): FabricSpecStore {
    return new FabricSpecStore(this.redis, this.keys);
  }

  /** The fabric's pub/sub channel for watch events (every replica streams what another decided). */
  watchChannel(): EventChannel {
    return new EventChannel(this.redis, this.keys.watchChannel);
  }

  /** True while the connection is up (ioredis tracks it from the socket's events: ready, close, end). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  /**
   * Calls `listener(true)` when the connection becomes ready and `listener(false, why)` when it is
   * lost, so a caller can log outages once instead of once per failed command.
   */
  onConnectionChange(listener: (up: boolean, why?: string) => void): void {
    let lastError = '';
    let up = false;
    this.redis.on('error', (err: Error) => (lastError = err.message));
    this.redis.on('ready', () => {
      up = true;
      listener(true);
    });
    // 'close' comes again after every failed reconnect attempt: only the first one is news.
    this.redis.on('close', () => {
      if (up) listener(false, lastError || 'connection closed');
      up = false;
    });
  }

  /**
   * Readiness: false at once while disconnected, else a PING that must answer within `timeoutMs`
   * (a stalled Redis keeps its socket open but answers nothing).
   */
  async ping(timeoutMs = 500): Promise<boolean> {
    if (!this.connected) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.redis.ping().then((r) => r === 'PONG'), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes after the commands already sent have answered. */
  async close(): Promise<void> {
    await this.redis.quit();
  }

  /** Drops the connection at once (commands in flight fail); for a client that never connected. */
  disconnect(): void {
    this.redis.disconnect();
  }
}
