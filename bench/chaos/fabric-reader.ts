/**
 * Reads a FabricSnapshot straight from the sources of truth, never through the API: Redis with the
 * key names of libs/state (read-only commands only) and each agent's ledger files
 * (`<state dir>/<switch>.state.json`, `<switch>.acks.jsonl`, written by the agent before it acks).
 * The files are readable while the agent is dead or stopped, which is when the checker needs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StagedOperation } from '@lightpath/contracts';
import { fabricKeys, type LightpathRedis, parsePortField, portField } from '@lightpath/state';
import type { AgentView, AuditRecord, FabricSnapshot, OperationRecord, Pair, ReservationRecordView, SwitchSnapshot } from './fabric-snapshot';

export interface SwitchLocation {
  switchId: string;
  /** The agent's AGENT_STATE_DIR. */
  stateDir: string;
}

export async function readFabric(redis: LightpathRedis, fabric: string, switches: SwitchLocation[]): Promise<FabricSnapshot> {
  const k = fabricKeys(fabric);
  const [epoch, singleIds, stagedIds, open, reservationIds, holds, audit] = await Promise.all([
    redis.get(k.epoch),
    redis.zrange(k.allOperations, 0, -1),
    redis.zrange(k.allStagedOperations, 0, -1),
    redis.smembers(k.openStagedOperations),
    redis.zrange(k.allReservations, 0, -1),
    redis.hgetall(k.reservationHolds),
    readAudit(redis, k.audit),
  ]);
  // One engine: single-switch operations are stored like staged ones, listed in their own index.
  const record = (family: 'single' | 'staged') => (o: StoredOperation) => ({
    ...pick(o),
    family,
    endedAt: o.finishedAt,
    addsOn: [...new Set(o.stages.flatMap((st) => st.changes.filter((c) => c.add.length > 0).map((c) => c.switchId)))],
  });
  const operations: OperationRecord[] = [
    ...(await readJsonMany<StoredOperation>(redis, singleIds.map(k.stagedOperation))).map(record('single')),
    ...(await readJsonMany<StoredOperation>(redis, stagedIds.map(k.stagedOperation))).map(record('staged')),
  ];
  const reservations = (await readJsonMany<ReservationRecordView>(redis, reservationIds.map(k.reservation))).map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    cubes: r.cubes ?? [],
    crossConnects: r.crossConnects ?? [],
  }));
  return {
    epoch: Number(epoch ?? 0),
    switches: await Promise.all(switches.map((s) => readSwitch(redis, fabric, s))),
    operations,
    openOperationIds: open,
    reservations,
    holds,
    audit,
  };
}

type StoredOperation = Pick<StagedOperation, 'id' | 'kind' | 'status' | 'reason' | 'createdAt' | 'finishedAt' | 'stages'>;

function pick(o: StoredOperation): Pick<OperationRecord, 'id' | 'kind' | 'status' | 'reason' | 'createdAt'> {
  return { id: o.id, kind: o.kind, status: o.status, reason: o.reason, createdAt: o.createdAt };
}

async function readSwitch(redis: LightpathRedis, fabric: string, loc: SwitchLocation): Promise<SwitchSnapshot> {
  const k = fabricKeys(fabric);
  const id = loc.switchId;
  const [desiredByNorth, desiredBySouth, ownerByNorth, pending, actual, ports, marked, drained] = await Promise.all([
    redis.hgetall(k.desiredByNorth(id)),
    redis.hgetall(k.desiredBySouth(id)),
    redis.hgetall(k.owners(id)),
    redis.hgetall(k.pending(id)),
    redis.hgetall(k.actual(id)),
    redis.hgetall(k.ports(id)),
    redis.hkeys(k.markedPorts(id)),
    redis.hget(k.switchInfo(id), 'drained'),
  ]);
  // One encoding (port-fields.ts) whatever form a field was stored in.
  const failedPorts = [
    ...Object.entries(ports)
      .filter(([, v]) => (JSON.parse(v) as { health?: string }).health === 'failed')
      .map(([key]) => key),
    ...marked,
  ].map((field) => {
    const p = parsePortField(field);
    return portField(p.side, p.port);
  });
  return {
    switchId: id,
    desiredByNorth,
    desiredBySouth,
    ownerByNorth,
    pending,
    actual: Object.entries(actual).map(([n, v]) => ({ north: Number(n), south: (JSON.parse(v) as { south: number }).south })),
    failedPorts,
    drained: drained === '1',
    agent: readAgentLedger(loc),
  };
}

/** The agent's own record of its switch; undefined if it does not parse. */
export function readAgentLedger(loc: SwitchLocation): AgentView | undefined {
  let state: { highestEpoch: number; crossConnects: Pair[] };
  try {
    state = JSON.parse(readFileSync(join(loc.stateDir, `${loc.switchId}.state.json`), 'utf8'));
  } catch (err) {
    // The agent writes its ledger on the first command it applies: until then the crossbar is empty.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') state = { highestEpoch: 0, crossConnects: [] };
    else return undefined;
  }
  const seen = new Set<string>();
  const twice = new Set<string>();
  let journal = '';
  try {
    journal = readFileSync(join(loc.stateDir, `${loc.switchId}.acks.jsonl`), 'utf8');
  } catch {
    /* no command applied yet */
  }
  for (const line of journal.split('\n')) {
    let ack: { commandId?: string };
    try {
      ack = JSON.parse(line);
    } catch {
      continue; // empty or torn last line
    }
    if (!ack.commandId) continue;
    if (seen.has(ack.commandId)) twice.add(ack.commandId);
    seen.add(ack.commandId);
  }
  return {
    crossConnects: state.crossConnects.map((c) => ({ north: c.north, south: c.south })),
    highestEpoch: state.highestEpoch,
    appliedTwice: [...twice],
  };
}

async function readJsonMany<T>(redis: LightpathRedis, keys: string[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const values = await redis.mget(...keys.slice(i, i + 500));
    for (const v of values) if (v) out.push(JSON.parse(v) as T);
  }
  return out;
}

async function readAudit(redis: LightpathRedis, key: string): Promise<AuditRecord[]> {
  const entries = await redis.xrange(key, '-', '+');
  return entries.map(([, fields]) => {
    const map: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) map[fields[i]] = fields[i + 1];
    return { operationId: map.operationId, who: map.who };
  });
}
