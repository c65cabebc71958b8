import type { RegisterEvent } from '@lightpath/contracts';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

export interface SwitchRecord {
  switchId: string;
  agentId: string;
  northPorts: number;
  southPorts: number;
  driver: string;
  profile: string;
  capabilities: string[];
  registeredAt: number;
  lastSeen: number;
  powered: boolean;
  /** The agent's command consumer was consuming at its last heartbeat (false: commands would not be read). */
  consuming: boolean;
  /** Drained by an operator: its circuits moved elsewhere and it takes no new ones (I2). */
  drained: boolean;
}

/** Which switches exist, their sizes and liveness, as their agents registered them. */
export class SwitchRegistry {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async register(event: RegisterEvent): Promise<SwitchRecord> {
    const record: SwitchRecord = {
      switchId: event.switchId,
      agentId: event.agentId,
      northPorts: event.northPorts,
      southPorts: event.southPorts,
      driver: event.driver,
      profile: event.profile,
      capabilities: event.capabilities,
      registeredAt: event.at,
      lastSeen: event.at,
      powered: true,
      // An agent registers only once its command consumer has joined its group.
      consuming: true,
      drained: (await this.redis.hget(this.keys.switchInfo(event.switchId), 'drained')) === '1',
    };
    await this.redis
      .multi()
      .sadd(this.keys.switches, event.switchId)
      .hset(this.keys.switchInfo(event.switchId), toHash(record))
      .exec();
    return record;
  }

  /** A sign of life; `consuming` only when the event says (heartbeats do, snapshots do not). */
  async touch(switchId: string, at: number, powered: boolean, consuming?: boolean): Promise<void> {
    await this.redis.hset(this.keys.switchInfo(switchId), livenessFields({ at, powered, consuming }));
  }

  /** Many signs of life in one pipeline (the orchestrator coalesces heartbeats: HeartbeatRecorder). */
  async touchMany(entries: readonly { switchId: string; at: number; powered: boolean; consuming?: boolean }[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const e of entries) pipeline.hset(this.keys.switchInfo(e.switchId), livenessFields(e));
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async setDrained(switchId: string, drained: boolean): Promise<void> {
    await this.redis.hset(this.keys.switchInfo(switchId), { drained: drained ? 1 : 0 });
  }

  async get(switchId: string): Promise<SwitchRecord | null> {
    const hash = await this.redis.hgetall(this.keys.switchInfo(switchId));
    return hash.switchId ? fromHash(hash) : null;
  }

  async list(): Promise<SwitchRecord[]> {
    const ids = (await this.redis.smembers(this.keys.switches)).sort();
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.switchInfo(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([, hash]) => hash as Record<string, string>).filter((h) => h.switchId).map(fromHash);
  }
}

/** A sign of life's hash fields; `consuming` only when the event says (heartbeats do, snapshots do not). */
function livenessFields({ at, powered, consuming }: { at: number; powered: boolean; consuming?: boolean }): Record<string, number> {
  const fields: Record<string, number> = { lastSeen: at, powered: powered ? 1 : 0 };
  if (consuming !== undefined) fields.consuming = consuming ? 1 : 0;
  return fields;
}

function toHash(r: SwitchRecord): Record<string, string | number> {
  return { ...r, capabilities: JSON.stringify(r.capabilities), powered: r.powered ? 1 : 0, consuming: r.consuming ? 1 : 0, drained: r.drained ? 1 : 0 };
}

function fromHash(h: Record<string, string>): SwitchRecord {
  return {
    switchId: h.switchId,
    agentId: h.agentId,
    northPorts: Number(h.northPorts),
    southPorts: Number(h.southPorts),
    driver: h.driver,
    profile: h.profile,
    capabilities: JSON.parse(h.capabilities ?? '[]') as string[],
    registeredAt: Number(h.registeredAt),
    lastSeen: Number(h.lastSeen),
    powered: h.powered === '1',
    // Absent in records written before the field existed: assume the agent reads its commands.
    consuming: h.consuming !== '0',
    drained: h.drained === '1',
  };
}
