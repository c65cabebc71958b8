import type { Operation } from '@lightpath/contracts';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { claimResultError, CrossConnectNotFoundError } from './state-errors';

export interface Pair {
  north: number;
  south: number;
}

/**
 * Operations and the desired cross-connects they claim. Opening an operation reserves its ports
 * atomically (one owner per port, I1; two operations never hold a port at once); finishing it
 * releases them and rolls back whatever did not take effect, exactly once.
 */
export class OperationStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /**
   * Opens a connect operation and writes its audit entry in the same script (I6); throws
   * PortConflictError when any port is taken, and then writes nothing at all.
   */
  async openConnect(op: Operation, who: string): Promise<void> {
    const result = await this.redis.claimConnect(...this.claimKeys(op), ...this.claimArgs(op, who));
    if (Number(result[0]) !== 0) throw claimResultError(op.switchId, result, op.epoch);
  }

  /** Opens a disconnect operation; op.pairs must be what desiredPairs() returned for those norths. */
  async openDisconnect(op: Operation, who: string): Promise<void> {
    const result = await this.redis.claimDisconnect(...this.claimKeys(op), ...this.claimArgs(op, who));
    if (Number(result[0]) === 1) throw new CrossConnectNotFoundError(op.switchId, Number(result[1]));
    if (Number(result[0]) !== 0) throw claimResultError(op.switchId, result, op.epoch);
  }

  /** Closes the operation once; returns false when it was already closed (then nothing changed). */
  async finish(op: Operation, rollback: Pair[]): Promise<boolean> {
    const k = this.keys;
    const s = op.switchId;
    const closed = await this.redis.finishOperation(
      k.desiredByNorth(s),
      k.desiredBySouth(s),
      k.pending(s),
      k.operation(op.id),
      k.openOperations,
      k.owners(s),
      op.id,
      JSON.stringify(op),
      op.kind,
      rollback.length,
      ...rollback.flatMap((p) => [p.north, p.south]),
      ...op.pairs.flatMap((p) => [p.north, p.south]),
    );
    return closed === 1;
  }

  /** Records progress of an open operation (e.g. running) without closing it. */
  async update(op: Operation): Promise<void> {
    await this.redis.set(this.keys.operation(op.id), JSON.stringify(op));
  }

  async get(id: string): Promise<Operation | null> {
    const raw = await this.redis.get(this.keys.operation(id));
    return raw ? (JSON.parse(raw) as Operation) : null;
  }

  /** Open operations whose deadline has passed, oldest first. */
  async expired(now: number, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.openOperations, '-inf', now, 'LIMIT', 0, limit);
  }

  async openIds(): Promise<string[]> {
    return this.redis.zrange(this.keys.openOperations, 0, -1);
  }

  async list(limit = 100): Promise<Operation[]> {
    const ids = await this.redis.zrevrange(this.keys.allOperations, 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.operation(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Operation);
  }

  /** Desired cross-connects of a switch (including those an open operation is making). */
  async desired(switchId: string): Promise<Pair[]> {
    const hash = await this.redis.hgetall(this.keys.desiredByNorth(switchId));
    return Object.entries(hash)
      .map(([n, s]) => ({ north: Number(n), south: Number(s) }))
      .sort((a, b) => a.north - b.north);
  }

  /** The desired pairs on the given north ports; throws CrossConnectNotFoundError for a free one. */
  async desiredPairs(switchId: string, norths: number[]): Promise<Pair[]> {
    const souths = await this.redis.hmget(this.keys.desiredByNorth(switchId), ...norths.map(String));
    return norths.map((north, i) => {
      const south = souths[i];
      if (south === null) throw new CrossConnectNotFoundError(switchId, north);
      return { north, south: Number(south) };
    });
  }

  /**
   * Desired pairs, held ports and actual cross-connects/ports of one switch read in one MULTI, so
   * the reconciler never compares a desired state from before an operation with an actual state
   * from after it (which would look like drift and make it undo a circuit just made).
   */
  async consistentView(switchId: string): Promise<{
    desired: Pair[];
    pending: Record<string, string>;
    actual: string[];
    ports: string[];
    /** Ports an operator marked failed: "north:5". */
    marked: string[];
  }> {
    const k = this.keys;
    const replies = (await this.redis
      .multi()
      .hgetall(k.desiredByNorth(switchId))
      .hgetall(k.pending(switchId))
      .hvals(k.actual(switchId))
      .hvals(k.ports(switchId))
      .hkeys(k.markedPorts(switchId))
      .exec()) as [Error | null, unknown][];
    const [desired, pending, actual, ports, marked] = replies.map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as [Record<string, string>, Record<string, string>, string[], string[], string[]];
    return {
      desired: Object.entries(desired).map(([n, s]) => ({ north: Number(n), south: Number(s) })),
      pending,
      actual,
      ports,
      marked,
    };
  }

  /** Ports held by open operations: "n:5" / "s:7" -> operation id. */
  async pending(switchId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.pending(switchId));
  }

  private claimKeys(op: Operation): string[] {
    const k = this.keys;
    const s = op.switchId;
    return [
      k.desiredByNorth(s),
      k.desiredBySouth(s),
      k.pending(s),
      k.operation(op.id),
      k.openOperations,
      k.allOperations,
      k.audit,
      k.leader,
      k.frozen,
      k.owners(s),
    ];
  }

  /**
   * Re-stamps an open operation for a new leadership term (new epoch, command id and deadline).
   * Returns 'adopted', 'closed' (an ack closed it meanwhile) or 'fenced' (not the lease holder's epoch).
   */
  async adopt(op: Operation): Promise<'adopted' | 'closed' | 'fenced'> {
    const k = this.keys;
    const result = await this.redis.adoptOperation(k.operation(op.id), k.openOperations, k.leader, op.id, JSON.stringify(op), op.deadline);
    return result === 1 ? 'adopted' : result === 0 ? 'closed' : 'fenced';
  }

  private claimArgs(op: Operation, who: string): (string | number)[] {
    return [op.id, JSON.stringify(op), op.deadline, op.createdAt, who, ...op.pairs.flatMap((p) => [p.north, p.south])];
  }
}
