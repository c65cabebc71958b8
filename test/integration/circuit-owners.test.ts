import type { CircuitOwnership, StagedChange, StagedOperation } from '@lightpath/contracts';
import { CircuitOwnerConflictError, createRedis, FabricState, PortConflictError } from '@lightpath/state';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { singleOperation } from '../support/operations';
import { uniqueName } from '../support/unique';

/**
 * Item 15 (issue 7): every circuit has an owner, written by the same Lua scripts that claim and
 * commit the desired state, so the two never disagree; these tests drive the scripts on a real
 * redis-server.
 */
describe('item 15: circuit owners in the claim and commit scripts (real redis-server)', () => {
  let state: FabricState;
  let epoch = 0;
  const opened: FabricState[] = [];

  const single = (id: string, kind: 'connect' | 'disconnect', pairs: { north: number; south: number }[]) => singleOperation(id, kind, pairs, epoch);
  const claimSingle = (op: StagedOperation) => state.operations.claim(op, op.kind, 'cross-connects');
  /** Closes a claimed single operation: what took effect (all, or nothing) is committed with the close. */
  const finishSingle = (op: StagedOperation, tookEffect: boolean) =>
    state.operations.finish({ ...op, status: tookEffect ? 'succeeded' : 'failed' }, tookEffect ? op.stages[0].changes : []);
  const staged = (id: string, changes: StagedChange[], ownership?: CircuitOwnership): StagedOperation => {
    const now = Date.now();
    return {
      id,
      kind: 'topology',
      target: id,
      status: 'running',
      who: 'test',
      epoch,
      currentStage: 0,
      stages: [{ index: 0, status: 'pending', changes }],
      createdAt: now,
      updatedAt: now,
      ownership,
    };
  };
  /** Claims, commits its one stage and releases a staged operation, as the engine does when every ack is ok. */
  const runStaged = async (op: StagedOperation) => {
    await state.operations.claim(op, op.kind, 'staged');
    await state.operations.finish({ ...op, status: 'succeeded' }, op.stages[0].changes);
  };
  const owners = async (switchId = 'ocs-1') => Object.fromEntries(await state.owners.of(switchId));

  beforeEach(async () => {
    state = FabricState.connect(inject('redisUrl'), uniqueName('owners'), 'test');
    opened.push(state);
    epoch = (await state.leadership.acquire('test-leader', 60_000, 'http://test')).epoch;
  });
  afterAll(async () => Promise.all(opened.map((s) => s.close())));

  it('item 15: a manual cross-connect stores no owner entry (manual), and its owner goes with it when deleted', async () => {
    const connect = single('a', 'connect', [{ north: 1, south: 5 }]);
    await claimSingle(connect);
    await finishSingle(connect, true);
    expect(await owners()).toEqual({});
    // Read past the stores: no empty owners hash is left behind.
    const raw = createRedis(inject('redisUrl'), 'test-raw');
    expect(await raw.exists(state.keys.owners('ocs-1'))).toBe(0);
    await raw.quit();
    await runStaged(staged('t1', [{ switchId: 'ocs-1', remove: [], add: [{ north: 2, south: 6 }] }], { owner: 'topology:mesh-a', displace: 'none' }));
    expect(await owners()).toEqual({ 2: 'topology:mesh-a' });
    const disconnect = single('d', 'disconnect', [{ north: 2, south: 6 }]);
    await claimSingle(disconnect);
    // Still described while the removal is in flight; gone once it took effect.
    expect(await owners()).toEqual({ 2: 'topology:mesh-a' });
    await finishSingle(disconnect, true);
    expect(await owners()).toEqual({});
  });

  it('item 15: a disconnect that fails leaves the circuit desired, with its owner', async () => {
    await runStaged(staged('t1', [{ switchId: 'ocs-1', remove: [], add: [{ north: 2, south: 6 }] }], { owner: 'topology:mesh-a', displace: 'none' }));
    const disconnect = single('d', 'disconnect', [{ north: 2, south: 6 }]);
    await claimSingle(disconnect);
    await finishSingle(disconnect, false);
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 2, south: 6 }]);
    expect(await owners()).toEqual({ 2: 'topology:mesh-a' });
  });

  it("item 15: a staged claim that removes another owner's circuit is refused atomically unless its policy allows it", async () => {
    const connect = single('m', 'connect', [{ north: 1, south: 5 }]);
    await claimSingle(connect);
    await finishSingle(connect, true);
    await runStaged(staged('r1', [{ switchId: 'ocs-2', remove: [], add: [{ north: 3, south: 3 }] }], { owner: 'reservation:rsv-1', displace: 'none' }));
    const takeManual = (id: string, displace: CircuitOwnership['displace']) =>
      staged(id, [{ switchId: 'ocs-1', remove: [{ north: 1, south: 5 }], add: [{ north: 1, south: 7 }] }], { owner: 'topology:mesh-a', displace });

    for (const displace of ['none', 'topologies'] as const) {
      const err = await state.operations.claim(takeManual(`x-${displace}`, displace), 'topology', 'staged').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CircuitOwnerConflictError);
      expect(err).toMatchObject({ switchId: 'ocs-1', north: 1, owner: 'manual' });
    }
    // Nothing was claimed by the refused ones: no port is held, the operation was never stored.
    expect(await state.desired.pending('ocs-1')).toEqual({});
    expect(await state.operations.get('x-none')).toBeNull();

    const takeReservation = staged('y', [{ switchId: 'ocs-2', remove: [{ north: 3, south: 3 }], add: [] }], { owner: 'topology:mesh-a', displace: 'others' });
    await expect(state.operations.claim(takeReservation, 'topology', 'staged')).rejects.toMatchObject({ owner: 'reservation:rsv-1' });

    await runStaged(takeManual('z', 'others'));
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 1, south: 7 }]);
    expect(await owners()).toEqual({ 1: 'topology:mesh-a' });
  });

  it('item 15: a repair moves circuits and keeps their owners; unmatched additions are owned by repair', async () => {
    await runStaged(staged('t1', [{ switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 1 }, { north: 2, south: 2 }] }], { owner: 'topology:mesh-a', displace: 'none' }));
    const repair = staged(
      'rp',
      [
        { switchId: 'ocs-1', remove: [{ north: 1, south: 1 }, { north: 2, south: 2 }], add: [] },
        { switchId: 'ocs-3', remove: [], add: [{ north: 1, south: 1 }, { north: 4, south: 4 }] },
      ],
      { owner: 'repair', inherited: { 'ocs-3/1': 'topology:mesh-a' }, displace: 'any' },
    );
    await runStaged(repair);
    expect(await owners('ocs-1')).toEqual({});
    expect(await owners('ocs-3')).toEqual({ 1: 'topology:mesh-a', 4: 'repair' });
  });

  it("I4/I8: a repair planned before a reservation's setup wrote its owner is refused at the claim (ownership.removes), so the circuit never moves under the wrong owner", async () => {
    // The plan saw the circuit on the switch (acked) before the setup's finish wrote its owner: manual to it.
    await runStaged(staged('setup', [{ switchId: 'ocs-1', remove: [], add: [{ north: 5, south: 6 }] }], { owner: 'reservation:rsv-9', displace: 'none' }));
    const drain = (id: string, seen: string) =>
      staged(
        id,
        [
          { switchId: 'ocs-1', remove: [{ north: 5, south: 6 }], add: [] },
          { switchId: 'ocs-2', remove: [], add: [{ north: 5, south: 6 }] },
        ],
        { owner: 'repair', inherited: { 'ocs-2/5': seen }, displace: 'any', removes: { 'ocs-1/5': seen } },
      );
    const err = await state.operations.claim(drain('stale', 'manual'), 'drain', 'staged').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortConflictError);
    expect((err as Error).message).toMatch(/north port 5 of switch ocs-1 changed owner since the plan \(now reservation:rsv-9\): plan again/);
    expect(await state.operations.get('stale')).toBeNull();
    expect(await state.desired.pending('ocs-1')).toEqual({});
    expect(await owners('ocs-1')).toEqual({ 5: 'reservation:rsv-9' });
    // Planned again with the owner as it is now: the circuit moves and stays the reservation's.
    await runStaged(drain('fresh', 'reservation:rsv-9'));
    expect(await owners('ocs-1')).toEqual({});
    expect(await owners('ocs-2')).toEqual({ 5: 'reservation:rsv-9' });
  });

  it("item 15: an operator's DELETE of a reservation's circuit is refused: it goes only with the reservation", async () => {
    await runStaged(staged('r1', [{ switchId: 'ocs-1', remove: [], add: [{ north: 3, south: 3 }] }], { owner: 'reservation:rsv-1', displace: 'none' }));
    const err = await claimSingle(single('d', 'disconnect', [{ north: 3, south: 3 }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOwnerConflictError);
    expect((err as CircuitOwnerConflictError).owner).toBe('reservation:rsv-1');
    // The state library says what is wrong; the route that resolves it is the HTTP layer's to add.
    expect((err as Error).message).toMatch(/belongs to reservation:rsv-1: its circuits go only with the reservation/);
    expect((err as Error).message).not.toMatch(/\/v1\//);
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 3, south: 3 }]);
    expect(await state.desired.pending('ocs-1')).toEqual({});
  });

  it('item 15: a staged operation stored before owners existed still removes any circuit and adds manual ones', async () => {
    await runStaged(staged('t1', [{ switchId: 'ocs-1', remove: [], add: [{ north: 1, south: 1 }] }], { owner: 'topology:mesh-a', displace: 'none' }));
    await runStaged(staged('old', [{ switchId: 'ocs-1', remove: [{ north: 1, south: 1 }], add: [{ north: 1, south: 2 }] }]));
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
    expect(await owners()).toEqual({});
  });
});
