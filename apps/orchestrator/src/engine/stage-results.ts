import type { AckEvent, AckPart, PairResult, StagedChange, SwitchResult } from '@lightpath/contracts';

/**
 * What one switch's answer to its part of a step means for the operation. A removal the switch
 * reports NOT_CONNECTED reached the desired state all the same (a re-sent command after a failover
 * finds it done).
 */
export function partResult(ack: AckEvent, part: AckPart): SwitchResult {
  const base = { switchId: ack.switchId, commandId: ack.commandId };
  if (part.status === 'rejected') {
    return { ...base, ok: false, reason: part.reason ?? 'rejected', removed: [], added: [], switchingMs: 0, pairs: [] };
  }
  const removedOk = (r: PairResult) => r.ok || r.code === 'NOT_CONNECTED';
  const removed = part.disconnected.filter(removedOk).map(({ north, south }) => ({ north, south }));
  const added = part.connected.filter((r) => r.ok).map(({ north, south }) => ({ north, south }));
  const failed = [...part.disconnected.filter((r) => !removedOk(r)), ...part.connected.filter((r) => !r.ok)];
  return {
    ...base,
    ok: failed.length === 0,
    reason: failed.length ? failed.map((f) => `N${f.north}-S${f.south}: ${f.reason ?? f.code}`).join('; ') : undefined,
    switchingMs: ack.switchingMs,
    removed,
    added,
    pairs: [...part.disconnected.map((r) => outcome(r, removedOk(r))), ...part.connected.map((r) => outcome(r, r.ok))],
  };
}

function outcome(r: PairResult, ok: boolean) {
  return { north: r.north, south: r.south, ok, reason: ok ? undefined : (r.reason ?? r.code), lossDb: r.lossDb };
}

/** A switch that did not answer in time, or whose command could not be sent. */
export function missingResult(change: StagedChange, reason: string, commandId?: string): SwitchResult {
  const pairs = [...change.remove, ...change.add].map((p) => ({ ...p, ok: false, reason }));
  return { switchId: change.switchId, ok: false, reason, removed: [], added: [], commandId, pairs };
}

/** The change that puts a switch back as it was before a stage: undo exactly what it did. */
export function inverse(result: SwitchResult): StagedChange {
  return { switchId: result.switchId, remove: result.added, add: result.removed };
}

/** The part of a change that took effect: what a pair-atomic operation commits. */
export function effectOf(result: SwitchResult): StagedChange {
  return { switchId: result.switchId, remove: result.removed, add: result.added };
}
