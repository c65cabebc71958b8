import type { FabricState } from './fabric-state';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

/** A named topology: the intent last planned for it, that plan, and against which spec. */
export interface StoredTopology {
  name: string;
  intent: unknown;
  plan: unknown;
  plannedAt: number;
  plannedBy: string;
  /** Version of the fabric spec the plan was computed against (FabricSpecStore). */
  specVersion: number;
}

/**
 * Named topologies of one fabric, in one hash (name -> JSON). The last plan is kept whole so a
 * scheduler can read back exactly what the dry run answered; a replan replaces it.
 */
export class TopologyStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  static of(state: FabricState): TopologyStore {
    return new TopologyStore(state.redis, state.keys);
  }

  async save(topology: StoredTopology): Promise<void> {
    await this.redis.hset(this.keys.topologies, topology.name, JSON.stringify(topology));
  }

  async get(name: string): Promise<StoredTopology | undefined> {
    const v = await this.redis.hget(this.keys.topologies, name);
    return v === null ? undefined : (JSON.parse(v) as StoredTopology);
  }

  /** Names only: the plans can be large (a full pod slice is thousands of cross-connects). */
  async names(): Promise<string[]> {
    return (await this.redis.hkeys(this.keys.topologies)).sort();
  }
}
