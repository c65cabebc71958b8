import { ActualStateStore } from './actual-state';
import { AuditLog } from './audit-log';
import { CircuitOwners } from './circuit-owners';
import { fabricKeys, type FabricKeys } from './keys';
import { LeaderLease } from './leader-lease';
import { StagedOperationStore } from './staged-operation-store';
import { OperationStore } from './operation-store';
import { createRedis, type LightpathRedis } from './redis-connection';
import { SwitchRegistry } from './switch-registry';

/** Everything one fabric keeps in Redis, behind domain-named stores (apps never see ioredis). */
export class FabricState {
  readonly keys: FabricKeys;
  readonly switches: SwitchRegistry;
  readonly operations: OperationStore;
  readonly actual: ActualStateStore;
  readonly audit: AuditLog;
  readonly leadership: LeaderLease;
  readonly staged: StagedOperationStore;
  readonly owners: CircuitOwners;

  private constructor(
    readonly redis: LightpathRedis,
    readonly fabric: string,
  ) {
    this.keys = fabricKeys(fabric);
    this.switches = new SwitchRegistry(redis, this.keys);
    this.operations = new OperationStore(redis, this.keys);
    this.actual = new ActualStateStore(redis, this.keys);
    this.audit = new AuditLog(redis, this.keys);
    this.leadership = new LeaderLease(redis, this.keys);
    this.staged = new StagedOperationStore(redis, this.keys);
    this.owners = new CircuitOwners(redis, this.keys);
  }

  static connect(url: string, fabric: string, connectionName: string): FabricState {
    return new FabricState(createRedis(url, connectionName), fabric);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
