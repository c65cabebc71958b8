import type { AckEvent, AckPart, ApplyCommand, CommandPart, PairResult } from '@lightpath/contracts';
import type { ManagedSwitch } from '../fleet/managed-switch';

/**
 * Applies one apply-command to one switch and returns the ack to send. The order of checks is the
 * fencing contract (I5): a command from an older epoch is refused before anything else, a command id
 * seen before is answered with its first ack and not applied again, and a part past its deadline is
 * refused because its operation has already given up on it.
 *
 * A command merges the parts of several operations (group commit): every live part's disconnects go
 * to the switch as one mirror batch, then every part's connects as another, and the results are
 * handed back per part, so one operation's refused pair never fails another's. The ledger records
 * the command once. Parts never share a port: each operation holds its ports exclusively (I1).
 */
export async function applyCommand(
  target: ManagedSwitch,
  command: ApplyCommand,
  agentId: string,
  now: () => number = Date.now,
): Promise<AckEvent> {
  const { ledger, driver } = target;
  if (command.epoch < ledger.highestEpoch) {
    const reason = `STALE_EPOCH: command epoch ${command.epoch} is older than epoch ${ledger.highestEpoch} already seen; only the current leader may command this switch`;
    return refusedCommand(command, agentId, now(), reason);
  }
  const previous = ledger.previousAck(command.commandId);
  if (previous) return { ...previous, status: 'duplicate', at: now() };
  ledger.observeEpoch(command.epoch);
  const arrived = now();
  const live = command.parts.filter((p) => arrived <= p.deadline);
  const started = performance.now();
  // Disconnects first: a batch may free a port and reuse it (a port move is break-then-make).
  const disconnects = live.flatMap((p) => p.disconnect);
  const connects = live.flatMap((p) => p.connect);
  const disconnected = disconnects.length ? (await driver.disconnect(disconnects)).map(toPairResult) : [];
  const connected = connects.length ? (await driver.connect(connects)).map(toPairResult) : [];
  // Mirrors of one batch move in parallel; the disconnect batch settles before the connect batch starts.
  const batchMs = (rs: PairResult[]) => Math.max(0, ...rs.map((r) => r.switchingMs ?? 0));
  const switchingMs = Math.min(batchMs(disconnected) + batchMs(connected), performance.now() - started);
  const byPair = { disconnected: resultsByPair(disconnected), connected: resultsByPair(connected) };
  const parts = command.parts.map((p): AckPart => (arrived <= p.deadline ? partResults(p, byPair) : expiredPart(p, arrived)));
  const results = [...disconnected, ...connected];
  const okCount = results.filter((r) => r.ok).length;
  const allExpired = live.length === 0;
  const ack: AckEvent = {
    type: 'ack',
    switchId: command.switchId,
    agentId,
    commandId: command.commandId,
    epoch: command.epoch,
    at: now(),
    status: allExpired ? 'rejected' : okCount === results.length && live.length === command.parts.length ? 'applied' : okCount === 0 ? 'failed' : 'partial',
    reason: allExpired ? parts[0]?.reason : parts.find((p) => p.reason)?.reason,
    parts,
    switchingMs,
  };
  ledger.record(ack, driver.crossConnects());
  return ack;
}

/** The ack of a command refused as a whole (stale epoch, unknown switch): every part rejected, nothing tried. */
export function refusedCommand(command: ApplyCommand, agentId: string, at: number, reason: string): AckEvent {
  return {
    type: 'ack',
    switchId: command.switchId,
    agentId,
    commandId: command.commandId,
    epoch: command.epoch,
    at,
    status: 'rejected',
    reason,
    parts: command.parts.map((p) => ({ operationId: p.operationId, step: p.step, status: 'rejected', reason, disconnected: [], connected: [] })),
    switchingMs: 0,
  };
}

type PairResults = Map<string, PairResult[]>;

const pairKey = (p: { north: number; south: number }) => `${p.north}:${p.south}`;

function resultsByPair(results: PairResult[]): PairResults {
  const map: PairResults = new Map();
  for (const r of results) {
    const list = map.get(pairKey(r));
    if (list) list.push(r);
    else map.set(pairKey(r), [r]);
  }
  return map;
}

/** A part's own results, taken from the merged batch's (the driver may reorder pairs within a batch). */
function partResults(part: CommandPart, batch: { disconnected: PairResults; connected: PairResults }): AckPart {
  const take = (from: PairResults, pairs: CommandPart['connect']) =>
    pairs.map((p) => from.get(pairKey(p))?.shift() ?? { north: p.north, south: p.south, ok: false, reason: 'the switch did not report this pair' });
  const disconnected = take(batch.disconnected, part.disconnect);
  const connected = take(batch.connected, part.connect);
  const results = [...disconnected, ...connected];
  const ok = results.filter((r) => r.ok).length;
  const status = ok === results.length ? 'applied' : ok === 0 ? 'failed' : 'partial';
  return { operationId: part.operationId, step: part.step, status, reason: results.find((r) => !r.ok)?.reason, disconnected, connected };
}

function expiredPart(part: CommandPart, arrived: number): AckPart {
  const reason = `EXPIRED: command arrived ${arrived - part.deadline} ms after its deadline; the orchestrator has given up on it`;
  return { operationId: part.operationId, step: part.step, status: 'rejected', reason, disconnected: [], connected: [] };
}

function toPairResult(r: PairResult): PairResult {
  const out: PairResult = { north: r.north, south: r.south, ok: r.ok };
  if (r.code) out.code = r.code;
  if (r.reason) out.reason = r.reason;
  if (r.lossDb !== undefined) out.lossDb = r.lossDb;
  if (r.switchingMs !== undefined) out.switchingMs = r.switchingMs;
  return out;
}
