import type { StagedChange, StagedOperation } from '@lightpath/contracts';

/**
 * A single-switch cross-connect operation on ocs-1 as the engine stores it (one pair-atomic stage,
 * a manual owner that displaces nobody when connecting and anyone but a reservation when
 * disconnecting), for tests that drive the state scripts directly.
 */
export function singleOperation(id: string, kind: 'connect' | 'disconnect', pairs: { north: number; south: number }[], epoch: number, who = 'op'): StagedOperation {
  const now = Date.now();
  const change: StagedChange = { switchId: 'ocs-1', add: kind === 'connect' ? pairs : [], remove: kind === 'disconnect' ? pairs : [] };
  return {
    id,
    kind,
    target: 'ocs-1',
    status: 'running',
    who,
    epoch,
    currentStage: 0,
    stages: [{ index: 0, status: 'running', changes: [change] }],
    createdAt: now,
    updatedAt: now,
    ownership: { owner: 'manual', displace: kind === 'connect' ? 'none' : 'others' },
    atomicity: 'pair',
  };
}
