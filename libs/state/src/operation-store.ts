import { MANUAL_OWNER, ownerOfAddition, type CircuitOwnership, type StagedChange, type StagedOperation, type SwitchResult } from '@lightpath/contracts';
import { encodeOwner } from './circuit-owner-codes';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { claimResultError, NotLeaderError } from './state-errors';

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

/**
 * Claim arguments: each removal carries the owner code the plan saw on it (ownership.removes), or
 * ANY_OWNER where the plan named none (the displace policy alone decides).
 */
const sectionArgs = (sections: SwitchSection[], ownership: CircuitOwnership) =>
  sections.flatMap((s) => [
    s.remove.length,
    s.add.length,
    ...s.remove.flatMap((p) => {
      const seen = ownership.removes?.[`${s.switchId}/${p.north}`];
      return [p.north, p.south, seen === undefined ? ANY_OWNER : encodeOwner(seen)];
    }),
    ...s.add.flatMap((p) => [p.north, p.south]),
  ]);

/** In claim arguments: no owner expected on this removal. Not a code encodeOwner can produce. */
const ANY_OWNER = '*';

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

/** Which list an operation is shown in: single-switch cross-connect operations, or staged ones. */
export type OperationList = 'cross-connects' | 'staged';

/** One switch's recorded answer for a step: the result and the step token it answered. */
export interface StepSettlement {
  switchId: string;
  step: string;
  result: SwitchResult;
}

/** One part of an ack: the switch's result for the step one operation awaits it with. */
export interface AckPart {
  operationId: string;
  step: string;
  result: SwitchResult;
}

/** What recording one answer did: accepted now (1) or not (0), and how many switches the step still awaits. */
export interface StepOutcome {
  accepted: number;
  remaining: number;
}

/**
 * Every operation of the one engine in Redis: the whole plan's ports claimed at once (two
 * operations never hold the same port, nothing claimed unless everything is free, I1), each
 * intermediate stage committed to the desired state once every switch of it acknowledged, each
 * step's answers correlated per switch (scripts/operation-steps.lua.ts), and the operation closed
 * exactly once with its last stage's effect. Writes that only a leader may make are fenced by its
 * epoch; the fabric's freeze flag refuses new claims.
 */
export class OperationStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /** Claims every port the operation touches and opens it, with its audit entry, in one script. */
  async claim(op: StagedOperation, action: string, list: OperationList): Promise<void> {
    const k = this.keys;
    const sections = sectionsOf(op.stages.flatMap((s) => s.changes));
    const listKey = list === 'cross-connects' ? k.allOperations : k.allStagedOperations;
    const scopeKey = list === 'cross-connects' ? k.allOperations : op.tenant === undefined ? k.fabricStagedOperations : k.tenantStagedOperations(op.tenant);
    const keys = [
      k.leader,
      k.frozen,
      k.stagedOperation(op.id),
      k.openStagedOperations,
      listKey,
      k.audit,
      ...sections.flatMap((s) => [k.desiredByNorth(s.switchId), k.desiredBySouth(s.switchId), k.pending(s.switchId), k.owners(s.switchId)]),
      scopeKey,
    ];
    const ownership = op.ownership ?? LEGACY_OWNERSHIP;
    // Arrays, not spread arguments: a 1,000-OCS mesh is over a million arguments, past the JS call
    // stack; ioredis flattens them (bench:scale, docs/benchmarks.md).
    const result = await this.redis.claimPlan(
      keys.length,
      keys,
      op.id,
      JSON.stringify(op),
      op.createdAt,
      op.who,
      action,
      op.target,
      encodeOwner(ownership.owner),
      ownership.displace,
      op.mode ?? 'change',
      sections.length,
      // The epoch on its own: decoding the operation's JSON in Lua to read it cost seconds and
      // hundreds of MB of Redis memory for a 320,000-circuit plan (bench:scale).
      op.epoch,
      sectionArgs(sections, ownership),
    );
    if (Number(result[0]) === 0) return;
    throw claimResultError(result, op.epoch, (n) => sections[n - 1]?.switchId ?? '?', list === 'cross-connects' ? 'cross-connects' : 'plan');
  }

  /** Applies one stage's changes to the desired state and saves progress; throws NotLeaderError when fenced. */
  async commitStage(op: StagedOperation, changes: StagedChange[]): Promise<void> {
    const k = this.keys;
    const sections = sectionsOf(changes);
    const keys = [k.leader, k.stagedOperation(op.id), ...sections.flatMap((s) => [k.desiredByNorth(s.switchId), k.desiredBySouth(s.switchId), k.owners(s.switchId)])];
    const result = await this.redis.commitStage(keys.length, keys, JSON.stringify(op), op.epoch, sections.length, commitArgs(sections, op.ownership ?? LEGACY_OWNERSHIP));
    if (Array.isArray(result)) throw new NotLeaderError(op.epoch, Number(result[1]));
  }

  /** Saves progress of an open operation; false when it is already closed. */
  async save(op: StagedOperation): Promise<boolean> {
    const k = this.keys;
    const result = await this.redis.saveOpenPlan(k.leader, k.stagedOperation(op.id), k.openStagedOperations, op.id, JSON.stringify(op), op.epoch);
    if (Array.isArray(result)) throw new NotLeaderError(op.epoch, Number(result[1]));
    return result === 1;
  }

  /**
   * Starts awaiting a step on these switches (results of the step before are dropped). False when
   * the operation is closed; throws NotLeaderError when `epoch` is not the lease holder's.
   */
  async awaitStep(operationId: string, step: string, epoch: number, switchIds: string[]): Promise<boolean> {
    const k = this.keys;
    const result = await this.redis.awaitStep(k.stepAwait(operationId), k.stepResults(operationId), k.openStagedOperations, k.leader, operationId, step, epoch, ...switchIds);
    if (Array.isArray(result)) throw new NotLeaderError(epoch, Number(result[1]));
    return result === 1;
  }

  /**
   * Records switches' answers for the step each is awaited with; stale or repeated answers are
   * ignored. `remaining` is how many switches the step still awaits; `accepted` how many of these
   * were recorded now (the call with accepted > 0 and remaining 0 is the one that settled the step).
   */
  async settle(operationId: string, settlements: StepSettlement[]): Promise<{ accepted: number; remaining: number }> {
    const k = this.keys;
    const [accepted, remaining] = await this.redis.settleStep(
      k.stepAwait(operationId),
      k.stepResults(operationId),
      ...settlements.flatMap((s) => [s.switchId, s.step, JSON.stringify(s.result)]),
    );
    return { accepted: Number(accepted), remaining: Number(remaining) };
  }

  /**
   * One switch's answer for several operations at once (the parts of one merged command), in one
   * script: for each, as settle() does for one. Results in the order of `parts`.
   */
  async settleAck(switchId: string, parts: AckPart[]): Promise<StepOutcome[]> {
    return (await this.settleAcks([{ switchId, parts }]))[0];
  }

  /**
   * Several acks' answers in one script (the events consumer's batch): each part checked and recorded
   * as settleAck would, in the order given, so the batch leaves the state the acks one by one would,
   * and a stale or repeated part does not change the others' outcome. Results per ack, per part.
   */
  async settleAcks(acks: { switchId: string; parts: AckPart[] }[]): Promise<StepOutcome[][]> {
    const parts = acks.flatMap((a) => a.parts.map((p) => ({ switchId: a.switchId, ...p })));
    if (parts.length === 0) return acks.map(() => []);
    const k = this.keys;
    const keys = parts.flatMap((p) => [k.stepAwait(p.operationId), k.stepResults(p.operationId)]);
    const flat = await this.redis.settleAck(keys.length, keys, parts.flatMap((p) => [p.switchId, p.step, JSON.stringify(p.result)]));
    let i = 0;
    return acks.map((a) =>
      a.parts.map(() => {
        const outcome = { accepted: Number(flat[2 * i]), remaining: Number(flat[2 * i + 1]) };
        i++;
        return outcome;
      }),
    );
  }

  /** The switches the current step still awaits, with the token each is awaited with. */
  async awaiting(operationId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keys.stepAwait(operationId))));
  }

  /** What the switches answered for the current step so far. */
  async stepResults(operationId: string): Promise<Map<string, SwitchResult>> {
    const raw = await this.redis.hgetall(this.keys.stepResults(operationId));
    return new Map(Object.entries(raw).map(([switchId, json]) => [switchId, JSON.parse(json) as SwitchResult]));
  }

  /**
   * Closes the operation once: applies `commit` (its last stage's effect; [] for none) to the desired
   * state, releases every port it holds and saves its final record. False when it was already closed.
   */
  async finish(op: StagedOperation, commit: StagedChange[]): Promise<boolean> {
    const k = this.keys;
    const held = sectionsOf(op.stages.flatMap((s) => s.changes));
    const toCommit = new Map(sectionsOf(commit).map((s) => [s.switchId, s]));
    for (const s of toCommit.values()) if (!held.some((h) => h.switchId === s.switchId)) held.push({ switchId: s.switchId, remove: [], add: [] });
    const keys = [
      k.stagedOperation(op.id),
      k.openStagedOperations,
      k.stepAwait(op.id),
      k.stepResults(op.id),
      ...held.flatMap((s) => [k.desiredByNorth(s.switchId), k.desiredBySouth(s.switchId), k.owners(s.switchId), k.pending(s.switchId)]),
    ];
    const args: (string | number)[] = [];
    for (const h of held) {
      const c = toCommit.get(h.switchId) ?? { switchId: h.switchId, remove: [], add: [] };
      const ports = portsOf(h);
      args.push(c.remove.length, c.add.length, ports.length);
      for (const p of c.remove) args.push(p.north, p.south);
      for (const p of c.add) args.push(p.north, p.south, encodeOwner(ownerOfAddition(op.ownership ?? LEGACY_OWNERSHIP, c.switchId, p.north)));
      for (const p of ports) args.push(p);
    }
    const closed = await this.redis.finishOperation(keys.length, keys, op.id, JSON.stringify(op), held.length, args);
    return closed === 1;
  }

  async get(id: string): Promise<StagedOperation | null> {
    const raw = await this.redis.get(this.keys.stagedOperation(id));
    return raw ? (JSON.parse(raw) as StagedOperation) : null;
  }

  async openIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.openStagedOperations);
  }

  /** The newest `limit` single-switch cross-connect operations (fabric work: every caller sees them). */
  async listCrossConnectOperations(limit = 100): Promise<StagedOperation[]> {
    return this.read(await this.redis.zrevrange(this.keys.allOperations, 0, limit - 1));
  }

  private async read(ids: string[]): Promise<StagedOperation[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.stagedOperation(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StagedOperation);
  }

  /**
   * The newest `limit` staged operations in `scope`. A tenant's list reads its own index and fabric work's
   * (written with the claim), so it is exact however many operations other tenants have: never
   * fewer than `limit` while more exist, and O(limit) rather than a scan of the fabric's history.
   */
  async list(limit = 100, scope: ListScope = { all: true }): Promise<StagedOperation[]> {
    const ids = scope.all
      ? await this.redis.zrevrange(this.keys.allStagedOperations, 0, limit - 1)
      : await this.newestOf([this.keys.tenantStagedOperations(scope.tenant), this.keys.fabricStagedOperations], limit);
    return this.read(ids);
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
