import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { SAVE_TOPOLOGY_LUA } from './scripts/topology-save.lua';

/** A named topology: the intent last planned for it, that plan, and against which spec. */
export interface StoredTopology {
  name: string;
  intent: unknown;
  plan: unknown;
  plannedAt: number;
  plannedBy: string;
  /** The tenant whose work it is (the planner's); absent for fabric work (drains, repairs, reroutes). */
  tenant?: string;
  /** Version of the fabric spec the plan was computed against (FabricSpecStore). */
  specVersion: number;
}

/** A topology's name and scope (tenant, or undefined for fabric work), for filtered lists. */
export interface TopologyName {
  name: string;
  tenant?: string;
}

/**
 * Named topologies of one fabric, in one hash (name -> JSON), with each name's tenant in a second,
 * small hash. The last plan is kept whole so a scheduler can read back exactly what the dry run
 * answered; a replan replaces it.
 */
export class TopologyStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /**
   * Saves the plan under its name; false (nothing written) when the name holds a topology of another
   * tenant, or of fabric work, and `replaceAny` (operators' fabric work) is not set.
   */
  async save(topology: StoredTopology, { replaceAny = false }: { replaceAny?: boolean } = {}): Promise<boolean> {
    const saved = await this.redis.eval(
      SAVE_TOPOLOGY_LUA,
      2,
      this.keys.topologies,
      this.keys.topologyScopes,
      topology.name,
      JSON.stringify(topology),
      topology.tenant ?? '',
      replaceAny ? '1' : '0',
    );
    return saved === 1;
  }

  async get(name: string): Promise<StoredTopology | undefined> {
    const v = await this.redis.hget(this.keys.topologies, name);
    return v === null ? undefined : (JSON.parse(v) as StoredTopology);
  }

  /** Names and scopes only: the plans can be large (a full pod slice is thousands of cross-connects). */
  async names(): Promise<TopologyName[]> {
    const [names, scopes] = await Promise.all([this.redis.hkeys(this.keys.topologies), this.redis.hgetall(this.keys.topologyScopes)]);
    return names.sort().map((name) => (scopes[name] ? { name, tenant: scopes[name] } : { name }));
  }
}
