import type { Operation, StagedOperation } from '@lightpath/contracts';

/** Kinds of the single-switch cross-connect operations (POST/DELETE /v1/switches/{id}/cross-connects). */
export const CROSS_CONNECT_KINDS = ['connect', 'disconnect'] as const;

export function isCrossConnectOperation(op: StagedOperation): boolean {
  return (CROSS_CONNECT_KINDS as readonly string[]).includes(op.kind);
}

/**
 * A single-switch cross-connect operation in the shape the API has always shown it. Inside it is
 * a one-stage, pair-atomic operation of the engine; this is a read-time view, nothing is stored twice.
 */
export function crossConnectView(op: StagedOperation): Operation {
  const stage = op.stages[0];
  const change = stage?.changes[0];
  const result = stage?.results?.[0];
  const kind = op.kind === 'disconnect' ? 'disconnect' : 'connect';
  const finished = op.status !== 'running' && op.status !== 'pending';
  return {
    id: op.id,
    kind,
    switchId: op.target,
    status: op.status === 'succeeded' ? 'succeeded' : finished ? 'failed' : 'running',
    reason: op.reason,
    // Until the switch answers, the step the command will carry; then the command that carried it.
    commandId: result?.commandId ?? `${op.id}:${stage?.status === 'pending' ? 'pending' : `s0.e${op.epoch}`}`,
    epoch: op.epoch,
    pairs: (kind === 'connect' ? change?.add : change?.remove) ?? [],
    results: result?.pairs?.map(({ north, south, ok, reason, lossDb }) => ({ north, south, ok, reason, lossDb })),
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
    deadline: stage?.deadline ?? op.createdAt,
    switchingMs: result?.switchingMs,
    roundTripMs: finished && op.finishedAt !== undefined ? op.finishedAt - (stage?.startedAt ?? op.createdAt) : undefined,
  };
}
