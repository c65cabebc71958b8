import type { StagedOperation, SwitchResult } from '@lightpath/contracts';
import { describe, expect, it } from 'vitest';
import { EVENT_FAILED_SWITCHES, operationEventData } from './operation-event';

const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ north: i + 1, south: i + 1 }));
const result = (switchId: string, ok: boolean): SwitchResult => ({ switchId, ok, reason: ok ? undefined : 'TIMEOUT: no answer', removed: [], added: ok ? pairs(320) : [], pairs: [] });

function mesh(switches: number, results?: SwitchResult[]): StagedOperation {
  return {
    id: 'sop-1',
    kind: 'topology',
    target: 'mesh',
    status: results ? 'failed' : 'running',
    reason: results ? 'stage 1 of 1 failed' : undefined,
    who: 'bench',
    tenant: 't1',
    epoch: 3,
    currentStage: 0,
    stages: [{ index: 0, status: results ? 'failed' : 'running', startedAt: 1, deadline: 2, changes: Array.from({ length: switches }, (_, s) => ({ switchId: `ocs-${s}`, add: pairs(320), remove: pairs(1) })), results }],
    createdAt: 1,
    updatedAt: 2,
  };
}

describe('operationEventData', () => {
  it('keeps every field of the operation and of its stages but changes and results, which it counts', () => {
    const data = operationEventData(mesh(1_000));
    expect(data).toMatchObject({ id: 'sop-1', kind: 'topology', status: 'running', tenant: 't1', epoch: 3, currentStage: 0 });
    expect(data.stages).toEqual([{ index: 0, status: 'running', startedAt: 1, deadline: 2, switches: 1_000, pairs: 321_000 }]);
    // A 1,000-switch mesh's event stays small whatever the plan's size (Redis' pub/sub limit is 32 MB).
    expect(JSON.stringify(data).length).toBeLessThan(2_000);
  });

  it('names failed switches with their reason, at most EVENT_FAILED_SWITCHES of them, and counts them all', () => {
    const results = Array.from({ length: 1_000 }, (_, s) => result(`ocs-${s}`, s % 4 !== 0));
    const [stage] = operationEventData(mesh(1_000, results)).stages as Record<string, unknown>[];
    expect(stage).toMatchObject({ status: 'failed', answered: 1_000, failed: 250 });
    const named = stage.failedSwitches as { switchId: string; reason: string }[];
    expect(named).toHaveLength(EVENT_FAILED_SWITCHES);
    expect(named[1]).toEqual({ switchId: 'ocs-4', reason: 'TIMEOUT: no answer' });
  });
});
