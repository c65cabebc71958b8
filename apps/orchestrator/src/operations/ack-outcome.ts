import type { AckEvent, Operation, PairResult } from '@lightpath/contracts';

export interface AckOutcome {
  status: 'succeeded' | 'failed';
  reason?: string;
  results: NonNullable<Operation['results']>;
  /** Pairs whose desired-state change did not take effect and must be rolled back. */
  rollback: { north: number; south: number }[];
}

/**
 * What an agent's ack means for the operation it answers. A rejected command (stale epoch, expired)
 * changed nothing on the switch, so the whole operation rolls back; otherwise each pair stands or
 * rolls back on its own result, and the operation succeeds only if every pair did.
 */
export function ackOutcome(op: Operation, ack: AckEvent): AckOutcome {
  if (ack.status === 'rejected') {
    return {
      status: 'failed',
      reason: `switch ${op.switchId} refused the command: ${ack.reason ?? 'no reason given'}`,
      results: op.pairs.map((p) => ({ ...p, ok: false, reason: ack.reason })),
      rollback: op.pairs,
    };
  }
  const reported: PairResult[] = op.kind === 'connect' ? ack.connected : ack.disconnected;
  const byNorth = new Map(reported.map((r) => [r.north, r]));
  const results = op.pairs.map((p) => {
    const r = byNorth.get(p.north);
    // Removing a cross-connect that is already gone reaches the desired state all the same.
    const ok = r ? r.ok || (op.kind === 'disconnect' && r.code === 'NOT_CONNECTED') : false;
    return { ...p, ok, reason: ok ? undefined : (r?.reason ?? 'the switch did not report this pair'), lossDb: r?.lossDb };
  });
  const failed = results.filter((r) => !r.ok);
  return {
    status: failed.length === 0 ? 'succeeded' : 'failed',
    reason:
      failed.length === 0
        ? undefined
        : `${failed.length} of ${results.length} pairs failed on switch ${op.switchId}: ` +
          failed.map((f) => `N${f.north}-S${f.south}: ${f.reason}`).join('; '),
    results,
    rollback: failed.map(({ north, south }) => ({ north, south })),
  };
}
