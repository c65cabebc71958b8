import type { StagedOperation } from '@lightpath/contracts';
import { FabricState } from '@lightpath/state';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

/** A one-stage operation adding north n -> south n on ocs-1, created at `at`, of `tenant` (none: fabric work). */
function staged(epoch: number, n: number, at: number, tenant?: string): StagedOperation {
  return {
    id: `sop-${String(n).padStart(4, '0')}`,
    kind: tenant ? 'reservation' : 'drain',
    target: `t-${n}`,
    status: 'running',
    who: tenant ? `launcher-of-${tenant}` : 'ops',
    ...(tenant ? { tenant } : {}),
    epoch,
    currentStage: 0,
    stages: [{ index: 0, status: 'pending', changes: [{ switchId: 'ocs-1', remove: [], add: [{ north: n, south: n }] }] }],
    createdAt: at,
    updatedAt: at,
  };
}

describe('StagedOperationStore lists by scope on a real redis-server', () => {
  let state: FabricState;
  let epoch: number;
  const opened: FabricState[] = [];

  beforeEach(async () => {
    state = FabricState.connect(inject('redisUrl'), uniqueName('sops'), 'test');
    opened.push(state);
    epoch = (await state.leadership.acquire('test-leader', 60_000, 'http://test')).epoch;
  });
  afterAll(async () => Promise.all(opened.map((s) => s.close())));

  it("a tenant's list holds exactly its newest own and fabric operations, however many newer ones other tenants have", async () => {
    // Oldest first: 3 of team-a, 2 fabric, then 300 of team-b, all newer than team-a's.
    let n = 1;
    const a = [];
    for (let i = 0; i < 3; i++, n++) a.push(staged(epoch, n, 1_000 + n, 'team-a'));
    const fabric = [];
    for (let i = 0; i < 2; i++, n++) fabric.push(staged(epoch, n, 1_000 + n));
    const b = [];
    for (let i = 0; i < 300; i++, n++) b.push(staged(epoch, n, 1_000 + n, 'team-b'));
    for (const op of [...a, ...fabric, ...b]) await state.operations.claim(op, op.kind, 'staged');

    const ids = (ops: StagedOperation[]) => ops.map((o) => o.id);
    const newestFirst = (ops: StagedOperation[]) => ids([...ops].reverse());
    // Limit larger than what team-a may see: all 5, newest first, none of team-b's.
    expect(ids(await state.operations.list(100, { all: false, tenant: 'team-a' }))).toEqual(newestFirst([...a, ...fabric]));
    // Limit smaller: exactly `limit`, the newest across both indexes.
    expect(ids(await state.operations.list(3, { all: false, tenant: 'team-a' }))).toEqual(newestFirst([...a, ...fabric]).slice(0, 3));
    expect(ids(await state.operations.list(2, { all: false, tenant: 'team-b' }))).toEqual(newestFirst(b).slice(0, 2));
    // A tenant with no work of its own still sees fabric work.
    expect(ids(await state.operations.list(10, { all: false, tenant: 'team-c' }))).toEqual(newestFirst(fabric));
    // Unscoped: the fabric's newest, whoever's.
    expect(ids(await state.operations.list(4))).toEqual(newestFirst(b).slice(0, 4));
  });

  it('a refused claim (a port another operation holds) lists nowhere', async () => {
    await state.operations.claim(staged(epoch, 7, 1, 'team-a'), 'reservation', 'staged');
    const clash = { ...staged(epoch, 7, 2, 'team-b'), id: 'sop-clash' };
    await expect(state.operations.claim(clash, 'reservation', 'staged')).rejects.toThrow(/held by another operation/);
    expect(await state.operations.list(10, { all: false, tenant: 'team-b' })).toEqual([]);
    expect((await state.operations.list(10)).map((o) => o.id)).toEqual(['sop-0007']);
  });
});
