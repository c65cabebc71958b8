import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { CrossConnectNotFoundError } from './state-errors';

export interface Pair {
  north: number;
  south: number;
}

/**
 * Reads of the desired state (what the fabric should hold) and of the ports open operations hold.
 * Written only by the operations engine's scripts (operation-store.ts).
 */
export class DesiredState {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /** Desired cross-connects of a switch. */
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
}
