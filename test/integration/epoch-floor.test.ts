import type { StagedOperation } from '@lightpath/contracts';
import { FabricState, NotLeaderError } from '@lightpath/state';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

function connectOp(id: string, epoch: number): StagedOperation {
  const now = Date.now();
  const changes = [{ switchId: 'ocs-1', add: [{ north: 1, south: 2 }], remove: [] }];
  return { id, kind: 'connect', target: 'ocs-1', status: 'running', who: 'test', epoch, currentStage: 0, stages: [{ index: 0, status: 'running', changes }], createdAt: now, updatedAt: now, atomicity: 'pair' };
}

describe('item 8: the epoch floor agents report (raiseEpoch) on a real redis-server', () => {
  let state: FabricState;
  const opened: FabricState[] = [];

  beforeEach(() => {
    // A fresh fabric: its epoch counter starts at 0, as after `deploy/infra.sh reset`.
    state = FabricState.connect(inject('redisUrl'), uniqueName('epoch-floor'), 'test');
    opened.push(state);
  });
  afterAll(async () => Promise.all(opened.map((s) => s.close())));

  it('item 8: a holder below what a switch accepted gets a new term above it; its old-epoch writes are fenced (I5)', async () => {
    const first = await state.leadership.acquire('leader', 60_000, 'http://leader');
    expect(first.epoch).toBe(1);
    const raised = await state.leadership.raiseAbove(7);
    expect(raised).toMatchObject({ holderId: 'leader', epoch: 8 });
    // The holder sees the new term at its next renewal; the lease keeps its holder.
    expect(await state.leadership.acquire('leader', 60_000, 'http://leader')).toMatchObject({ holderId: 'leader', epoch: 8 });
    // A write stamped with the old term is refused: a deposed (or not yet renewed) leader changes nothing.
    await expect(state.operations.claim(connectOp('old', first.epoch), 'connect', 'cross-connects')).rejects.toBeInstanceOf(NotLeaderError);
    expect(await state.desired.pending('ocs-1')).toEqual({});
    await state.operations.claim(connectOp('new', 8), 'connect', 'cross-connects');
    expect(await state.desired.pending('ocs-1')).toEqual({ 'n:1': 'new', 's:2': 'new' });
  });

  it('item 8: the epoch never goes down: a report at or below the term changes nothing; without a holder the next term starts above the report', async () => {
    await state.leadership.acquire('leader', 60_000, 'http://leader');
    await state.leadership.raiseAbove(5);
    expect(await state.leadership.raiseAbove(6)).toMatchObject({ epoch: 6 });
    expect(await state.leadership.raiseAbove(3)).toMatchObject({ epoch: 6 });
    expect(await state.leadership.raiseAbove(6)).toMatchObject({ epoch: 6 });
    expect(await state.leadership.release('leader')).toBe(true);
    expect(await state.leadership.raiseAbove(20)).toBeNull();
    expect(await state.leadership.acquire('next', 60_000, 'http://next')).toMatchObject({ holderId: 'next', epoch: 21 });
  });
});
