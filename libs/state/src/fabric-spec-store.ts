import { PUT_FABRIC_SPEC_LUA } from './scripts/put-fabric-spec.lua';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

/** Same cap as the audit log's own writes (audit-log.ts, claim scripts). */
const AUDIT_MAX_LEN = 1_000_000;

/** A fabric spec as stored: the JSON document with the version this store gave it. */
export interface StoredFabricSpec {
  /** 1 for the first spec stored on this fabric, +1 on every replacement. */
  version: number;
  spec: unknown;
  storedAt: number;
  storedBy: string;
}

/**
 * The fabric spec the planner plans against, in Redis so every replica and a restarted orchestrator
 * plan against the same one. The store keeps JSON and knows nothing of its shape: callers validate
 * with the topology library's parser before `put`, and may cache the parsed spec by `version`
 * (which `version()` reads without transferring a pod-sized document).
 */
export class FabricSpecStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /**
   * Replaces the spec, bumps its version and appends the audit entry in one script, so a reader never
   * sees a new spec under an old version (a cache keyed by version would keep the stale one) and an
   * accepted replacement is always audited (I6).
   */
  async put(spec: unknown, storedBy: string, storedAt = Date.now()): Promise<StoredFabricSpec> {
    const version = await this.redis.eval(PUT_FABRIC_SPEC_LUA, 2, this.keys.fabricSpec, this.keys.audit, JSON.stringify(spec), storedAt, storedBy, AUDIT_MAX_LEN);
    return { version: Number(version), spec, storedAt, storedBy };
  }

  /** The current version, or undefined when no spec was ever stored. */
  async version(): Promise<number | undefined> {
    const v = await this.redis.hget(this.keys.fabricSpec, 'version');
    return v === null ? undefined : Number(v);
  }

  async get(): Promise<StoredFabricSpec | undefined> {
    const h = await this.redis.hgetall(this.keys.fabricSpec);
    if (h.spec === undefined || h.version === undefined) return undefined;
    return { version: Number(h.version), spec: JSON.parse(h.spec) as unknown, storedAt: Number(h.storedAt), storedBy: h.storedBy ?? '' };
  }
}
