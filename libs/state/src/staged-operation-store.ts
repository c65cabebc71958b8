import { MANUAL_OWNER, ownerOfAddition, type CircuitOwnership, type StagedChange, type StagedOperation } from '@lightpath/contracts';
import { encodeOwner } from './circuit-owner-codes';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { CircuitOwnerConflictError, FabricFrozenError, NotLeaderError, PortConflictError } from './state-errors';

interface Pair {
  north: number;
  south: number;
}

interface SwitchSection {
  switchId: string;
  remove: Pair[];
  add: Pair[];
}

/** Every change of a plan merged per switch: the set of ports the whole operation holds. */
export function sectionsOf(changes: StagedChange[]): SwitchSection[] {
  const bySwitch = new Map<string, SwitchSection>();
  for (const c of changes) {
    const s = bySwitch.get(c.switchId) ?? { switchId: c.switchId, remove: [], add: [] };
    s.remove.push(...c.remove);
    s.add.push(...c.add);
    bySwitch.set(c.switchId, s);
  }
  return [...bySwitch.values()];
}

const sectionArgs = (sections: SwitchSection[]) =>
  sections.flatMap((s) => [s.remove.length, s.add.length, ...s.remove.flatMap((p) => [p.north, p.south]), ...s.add.flatMap((p) => [p.north, p.south])]);

/** Commit arguments: additions carry the owner code each added circuit gets. */
const commitArgs = (sections: SwitchSection[], ownership: CircuitOwnership | undefined) =>
  sections.flatMap((s) => [
    s.remove.length,
    s.add.length,
    ...s.remove.flatMap((p) => [p.north, p.south]),
    ...s.add.flatMap((p) => [p.north, p.south, encodeOwner(ownerOfAddition(ownership, s.switchId, p.north))]),
  ]);

/** Operations stored before owners existed added manual circuits and could remove any. */
const LEGACY_OWNERSHIP: CircuitOwnership = { owner: MANUAL_OWNER, displace: 'any' };

const portsOf = (s: SwitchSection) => [...s.remove, ...s.add].flatMap((p) => [`n:${p.north}`, `s:${p.south}`]);

/** Which operations a list reads: all, or one tenant's together with fabric work (no tenant). */
export type ListScope = { all: true } | { all: false; tenant: string };

/**
 * Staged operations in Redis: the whole plan's ports claimed at once (two operations never hold
 * the same port, nothing claimed unless everything is free), each stage committed to the desired
 * state only once every switch of it acknowledged, and the ports released exactly once at the end.
 * Writes are fenced by the leader's epoch; the fabric's freeze flag refuses new claims.
 */
export class StagedOperationStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async claim(op: StagedOperation, action: string): Promise<void> {
    const k = this.keys;
    const sections = sectionsOf(op.stages.flatMap((s) => s.changes));
    const keys = [
      k.leader,
      k.frozen,
      k.stagedOperation(op.id),
      k.openStagedOperations,
      k.allStagedOperations,
      k.audit,
      ...sections.flatMap((s) => [k.desiredByNorth(s.switchId), k.desiredBySouth(s.switchId), k.pending(s.switchId), k.owners(s.switchId)]),
      op.tenant === undefined ? k.fabricStagedOperations : k.tenantStagedOperations(op.tenant),
    ];
    const ownership = op.ownership ?? LEGACY_OWNERSHIP;
    const result = await this.redis.claimPlan(
      keys.length,
      ...keys,
      op.id,
      JSON.stringify(op),
      op.createdAt,
      op.who,
      action,
      op.target,
      encodeOwner(ownership.owner),
      ownership.displace,
      sections.length,
      ...sectionArgs(sections),
    );
    const [code, a, b, c] = result;
    const sw = sections[Number(a) - 1]?.switchId ?? '?';
    switch (Number(code)) {
      case 0:
        return;
      case 1:
        throw new PortConflictError(sw, 'north', Number(b), 'cross-connect', `the plan removes a cross-connect on north port ${b} of switch ${sw} that is not there (any more): plan again from the current state`);
      case 2:
        throw new PortConflictError(sw, b as 'north', Number(c), 'cross-connect', `the plan adds a cross-connect on ${b} port ${c} of switch ${sw}, which already has one: plan again from the current state`);
      case 3: {
        const [side, port] = String(b).split(':');
        throw new PortConflictError(sw, side === 'n' ? 'north' : 'south', Number(port), 'operation', `${side === 'n' ? 'north' : 'south'} port ${port} of switch ${sw} is held by another operation in flight: wait for it and retry`);
      }
      case 4:
        throw new NotLeaderError(op.epoch, Number(a));
      case 5:
        throw new FabricFrozenError();
      case 6:
        throw CircuitOwnerConflictError.fromCode(sw, Number(b), String(c), () => `the plan removes it and this operation (${ownership.owner}) may not displace it: plan again from the current state`);
      default:
        throw new Error(`state/staged-operation-store.claim: unexpected result ${JSON.stringify(result)}`);
    }
  }

  /** Applies one stage's changes to the desired state and saves progress; throws NotLeaderError when fenced. */
  async commitStage(op: StagedOperation, changes: StagedChange[]): Promise<void> {
    const k = this.keys;
    const sections = sectionsOf(changes);
    const keys = [k.leader, k.stagedOperation(op.id), ...sections.flatMap((s) => [k.desiredByNorth(s.switchId), k.desiredBySouth(s.switchId), k.owners(s.switchId)])];
    const result = await this.redis.commitStage(keys.length, ...keys, JSON.stringify(op), sections.length, ...commitArgs(sections, op.ownership));
    if (Array.isArray(result)) throw new NotLeaderError(op.epoch, Number(result[1]));
  }

  /** Saves progress of an open operation; false when it is already closed. */
  async save(op: StagedOperation): Promise<boolean> {
    const k = this.keys;
    const result = await this.redis.saveOpenPlan(k.leader, k.stagedOperation(op.id), k.openStagedOperations, op.id, JSON.stringify(op));
    if (Array.isArray(result)) throw new NotLeaderError(op.epoch, Number(result[1]));
    return result === 1;
  }

  /** Closes the operation once, releasing every port it holds. */
  async release(op: StagedOperation): Promise<boolean> {
    const k = this.keys;
    const sections = sectionsOf(op.stages.flatMap((s) => s.changes));
    const keys = [k.stagedOperation(op.id), k.openStagedOperations, ...sections.map((s) => k.pending(s.switchId))];
    const closed = await this.redis.releasePlan(
      keys.length,
      ...keys,
      op.id,
      JSON.stringify(op),
      sections.length,
      ...sections.flatMap((s) => {
        const ports = portsOf(s);
        return [ports.length, ...ports];
      }),
    );
    return closed === 1;
  }

  async get(id: string): Promise<StagedOperation | null> {
    const raw = await this.redis.get(this.keys.stagedOperation(id));
    return raw ? (JSON.parse(raw) as StagedOperation) : null;
  }

  async openIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.openStagedOperations);
  }

  /**
   * The newest `limit` operations in `scope`. A tenant's list reads its own index and fabric work's
   * (written with the claim), so it is exact however many operations other tenants have: never
   * fewer than `limit` while more exist, and O(limit) rather than a scan of the fabric's history.
   */
  async list(limit = 100, scope: ListScope = { all: true }): Promise<StagedOperation[]> {
    const ids = scope.all
      ? await this.redis.zrevrange(this.keys.allStagedOperations, 0, limit - 1)
      : await this.newestOf([this.keys.tenantStagedOperations(scope.tenant), this.keys.fabricStagedOperations], limit);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.stagedOperation(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StagedOperation);
  }

  /** The newest `limit` ids across sorted sets: each set's own newest `limit` hold all of them. */
  private async newestOf(indexes: string[], limit: number): Promise<string[]> {
    const pages = await Promise.all(indexes.map((key) => this.redis.zrevrange(key, 0, limit - 1, 'WITHSCORES')));
    const entries = pages.flatMap((page) => {
      const out: { id: string; score: number }[] = [];
      for (let i = 0; i < page.length; i += 2) out.push({ id: page[i], score: Number(page[i + 1]) });
      return out;
    });
    // Newest first, ties as ZREVRANGE orders them (by member, descending), so scoped lists read like the full one.
    entries.sort((x, y) => y.score - x.score || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
    return entries.slice(0, limit).map((e) => e.id);
  }

  async requestCancel(id: string): Promise<void> {
    await this.redis.set(this.keys.cancelRequested(id), '1', 'EX', 86_400);
  }

  async cancelRequested(id: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.cancelRequested(id))) === 1;
  }

  async freeze(by: string): Promise<void> {
    await this.redis.set(this.keys.frozen, JSON.stringify({ by, at: Date.now() }));
  }

  async unfreeze(): Promise<void> {
    await this.redis.del(this.keys.frozen);
  }

  async frozen(): Promise<{ by: string; at: number } | null> {
    const raw = await this.redis.get(this.keys.frozen);
    return raw ? (JSON.parse(raw) as { by: string; at: number }) : null;
  }
}
