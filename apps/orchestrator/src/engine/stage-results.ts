import type { AckEvent, StagedChange, SwitchResult } from '@lightpath/contracts';

/**
 * What one switch's ack means for its part of a stage. A removal the switch reports NOT_CONNECTED
 * reached the desired state all the same (a re-sent command after a failover finds it done).
 */
export function switchResult(change: StagedChange, ack: AckEvent | undefined, timeoutMs: number, sendError?: string): SwitchResult {
  if (!ack) {
    // No ack and the send failed: the command most likely never reached the switch; say so rather
    // than blame the agent with a timeout.
    const reason = sendError ? `COMMAND_NOT_SENT: ${sendError}` : `TIMEOUT: no ack within ${timeoutMs} ms`;
    return { switchId: change.switchId, ok: false, reason, removed: [], added: [] };
  }
  if (ack.status === 'rejected') {
    return { switchId: change.switchId, ok: false, reason: ack.reason ?? 'rejected', removed: [], added: [], switchingMs: 0 };
  }
  const removed = ack.disconnected.filter((r) => r.ok || r.code === 'NOT_CONNECTED').map(({ north, south }) => ({ north, south }));
  const added = ack.connected.filter((r) => r.ok).map(({ north, south }) => ({ north, south }));
  const failed = [...ack.disconnected.filter((r) => !r.ok && r.code !== 'NOT_CONNECTED'), ...ack.connected.filter((r) => !r.ok)];
  return {
    switchId: change.switchId,
    ok: failed.length === 0 && removed.length === change.remove.length && added.length === change.add.length,
    reason: failed.length ? failed.map((f) => `N${f.north}-S${f.south}: ${f.reason ?? f.code}`).join('; ') : undefined,
    switchingMs: ack.switchingMs,
    removed,
    added,
  };
}

/** The change that puts a switch back as it was before a stage: undo exactly what it did. */
export function inverse(result: SwitchResult): StagedChange {
  return { switchId: result.switchId, remove: result.added, add: result.removed };
}
