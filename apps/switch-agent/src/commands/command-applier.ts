import type { AckEvent, ApplyCommand, PairResult } from '@lightpath/contracts';
import type { FaultInjector, SwitchDriver } from '@lightpath/mems-sim';
import type { SwitchLedger } from '../fleet/switch-ledger';

export interface ManagedSwitch {
  driver: SwitchDriver;
  ledger: SwitchLedger;
  /** Present on simulated switches only: real hardware has no fault-injection surface. */
  faults?: FaultInjector;
}

/**
 * Applies one apply-command to one switch and returns the ack to send. The order of checks is the
 * fencing contract (I5): a command from an older epoch is refused before anything else, a command id
 * seen before is answered with its first ack and not applied again, and a command past its deadline
 * is refused because the orchestrator has already rolled it back.
 */
export async function applyCommand(
  target: ManagedSwitch,
  command: ApplyCommand,
  agentId: string,
  now: () => number = Date.now,
): Promise<AckEvent> {
  const base = {
    type: 'ack' as const,
    switchId: command.switchId,
    agentId,
    commandId: command.commandId,
    epoch: command.epoch,
    generation: command.generation,
    disconnected: [] as PairResult[],
    connected: [] as PairResult[],
    switchingMs: 0,
  };
  const { ledger, driver } = target;
  if (command.epoch < ledger.highestEpoch) {
    return {
      ...base,
      at: now(),
      status: 'rejected',
      reason: `STALE_EPOCH: command epoch ${command.epoch} is older than epoch ${ledger.highestEpoch} already seen; only the current leader may command this switch`,
    };
  }
  const previous = ledger.previousAck(command.commandId);
  if (previous) return { ...previous, status: 'duplicate', at: now() };
  if (now() > command.deadline) {
    return {
      ...base,
      at: now(),
      status: 'rejected',
      reason: `EXPIRED: command arrived ${now() - command.deadline} ms after its deadline; the orchestrator has given up on it`,
    };
  }
  ledger.observeEpoch(command.epoch);
  const started = performance.now();
  // Disconnects first: a batch may free a port and reuse it (a port move is break-then-make).
  const disconnected = command.disconnect.length ? await driver.disconnect(command.disconnect) : [];
  const connected = command.connect.length ? await driver.connect(command.connect) : [];
  // Mirrors of one batch move in parallel; the disconnect batch settles before the connect batch starts.
  const batchMs = (rs: PairResult[]) => Math.max(0, ...rs.map((r) => r.switchingMs ?? 0));
  const switchingMs = batchMs(disconnected) + batchMs(connected);
  const results = [...disconnected, ...connected];
  const okCount = results.filter((r) => r.ok).length;
  const ack: AckEvent = {
    ...base,
    at: now(),
    status: okCount === results.length ? 'applied' : okCount === 0 ? 'failed' : 'partial',
    reason: okCount === results.length ? undefined : results.find((r) => !r.ok)?.reason,
    disconnected: disconnected.map(toPairResult),
    connected: connected.map(toPairResult),
    switchingMs: Math.min(switchingMs, performance.now() - started),
  };
  ledger.record(ack, driver.crossConnects());
  return ack;
}

function toPairResult(r: PairResult): PairResult {
  const out: PairResult = { north: r.north, south: r.south, ok: r.ok };
  if (r.code) out.code = r.code;
  if (r.reason) out.reason = r.reason;
  if (r.lossDb !== undefined) out.lossDb = r.lossDb;
  if (r.switchingMs !== undefined) out.switchingMs = r.switchingMs;
  return out;
}
