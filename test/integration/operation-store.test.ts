import type { Operation } from '@lightpath/contracts';
import { CrossConnectNotFoundError, FabricState, NotLeaderError, PortConflictError } from '@lightpath/state';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

let epoch = 0;

function op(id: string, kind: 'connect' | 'disconnect', pairs: { north: number; south: number }[]): Operation {
  const now = Date.now();
  return {
    id,
    kind,
    switchId: 'ocs-1',
    status: 'pending',
    commandId: id,
    epoch,
    generation: 1,
    pairs,
    createdAt: now,
    updatedAt: now,
    deadline: now + 5_000,
  };
}

describe('OperationStore on a real redis-server', () => {
  let state: FabricState;
  const opened: FabricState[] = [];

  beforeEach(async () => {
    state = FabricState.connect(inject('redisUrl'), uniqueName('ops'), 'test');
    opened.push(state);
    epoch = (await state.leadership.acquire('test-leader', 60_000, 'http://test')).epoch;
  });
  afterAll(async () => Promise.all(opened.map((s) => s.close())));

  it('I1 one owner per port: a second claim on a taken north or south port is refused and writes nothing', async () => {
    await state.operations.openConnect(op('a', 'connect', [{ north: 1, south: 2 }]), 'test');
    await expect(state.operations.openConnect(op('b', 'connect', [{ north: 1, south: 9 }]), 'test')).rejects.toBeInstanceOf(
      PortConflictError,
    );
    await expect(
      state.operations.openConnect(op('c', 'connect', [{ north: 5, south: 6 }, { north: 7, south: 2 }]), 'test'),
    ).rejects.toThrow(/south port 2 of switch ocs-1 already has a cross-connect/);
    expect(await state.operations.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
    expect(await state.operations.get('c')).toBeNull();
  });

  it('finishing releases the ports once and rolls back the pairs that failed', async () => {
    const connect = op('a', 'connect', [{ north: 1, south: 2 }, { north: 3, south: 4 }]);
    await state.operations.openConnect(connect, 'test');
    const done = { ...connect, status: 'failed' as const };
    expect(await state.operations.finish(done, [{ north: 3, south: 4 }])).toBe(true);
    expect(await state.operations.finish(done, [{ north: 1, south: 2 }])).toBe(false);
    expect(await state.operations.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
    expect(await state.operations.pending('ocs-1')).toEqual({});
    expect((await state.operations.get('a'))?.status).toBe('failed');
  });

  it('a port held by an operation in flight cannot be disconnected until it finishes', async () => {
    const connect = op('a', 'connect', [{ north: 1, south: 2 }]);
    await state.operations.openConnect(connect, 'test');
    await expect(state.operations.openDisconnect(op('d', 'disconnect', [{ north: 1, south: 2 }]), 'test')).rejects.toThrow(
      /held by an operation in flight/,
    );
    await state.operations.finish({ ...connect, status: 'succeeded' }, []);
    await state.operations.openDisconnect(op('d', 'disconnect', [{ north: 1, south: 2 }]), 'test');
    expect(await state.operations.desired('ocs-1')).toEqual([]);
  });

  it('a disconnect that fails on the switch puts the cross-connect back into the desired state', async () => {
    const connect = op('a', 'connect', [{ north: 1, south: 2 }]);
    await state.operations.openConnect(connect, 'test');
    await state.operations.finish({ ...connect, status: 'succeeded' }, []);
    const disconnect = op('d', 'disconnect', [{ north: 1, south: 2 }]);
    await state.operations.openDisconnect(disconnect, 'test');
    await state.operations.finish({ ...disconnect, status: 'failed' }, disconnect.pairs);
    expect(await state.operations.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
  });

  it('refuses to disconnect a north port that has no cross-connect', async () => {
    await expect(state.operations.desiredPairs('ocs-1', [4])).rejects.toBeInstanceOf(CrossConnectNotFoundError);
  });

  it('I5 fencing in the store: a claim stamped with an epoch that is not the lease holder\'s writes nothing', async () => {
    const stale = { ...op('z', 'connect', [{ north: 1, south: 2 }]), epoch: epoch - 1 };
    await expect(state.operations.openConnect(stale, 'zombie')).rejects.toBeInstanceOf(NotLeaderError);
    expect(await state.operations.desired('ocs-1')).toEqual([]);
    expect(await state.audit.recent(10)).toEqual([]);
    // A new term takes over only after the lease is gone; its epoch is higher than every earlier one.
    expect(await state.leadership.acquire('other', 60_000, 'http://other')).toMatchObject({ holderId: 'test-leader', epoch });
    await state.leadership.release('test-leader');
    expect(await state.leadership.acquire('other', 60_000, 'http://other')).toMatchObject({ holderId: 'other', epoch: epoch + 1 });
  });

  it('adopting an open operation re-stamps it for the new term, but not one already closed', async () => {
    const open = op('a', 'connect', [{ north: 1, south: 2 }]);
    const closed = op('b', 'connect', [{ north: 3, south: 4 }]);
    await state.operations.openConnect(open, 'test');
    await state.operations.openConnect(closed, 'test');
    await state.operations.finish({ ...closed, status: 'succeeded' }, []);
    await state.leadership.release('test-leader');
    const next = (await state.leadership.acquire('successor', 60_000, 'http://s')).epoch;
    expect(await state.operations.adopt({ ...open, epoch: next, commandId: 'a.e2' })).toBe('adopted');
    expect(await state.operations.adopt({ ...closed, epoch: next, commandId: 'b.e2' })).toBe('closed');
    expect(await state.operations.adopt({ ...open, epoch: next - 1, commandId: 'a.e1' })).toBe('fenced');
    expect((await state.operations.get('a'))?.commandId).toBe('a.e2');
  });

  it('lists operations past their deadline for the timeout sweeper', async () => {
    const late = { ...op('late', 'connect', [{ north: 1, south: 2 }]), deadline: Date.now() - 1 };
    await state.operations.openConnect(late, 'test');
    await state.operations.openConnect(op('fresh', 'connect', [{ north: 3, south: 4 }]), 'test');
    expect(await state.operations.expired(Date.now())).toEqual(['late']);
  });

  it('I6 audit: every accepted claim is audited once with who asked, and a refused one not at all', async () => {
    await state.operations.openConnect(op('a', 'connect', [{ north: 1, south: 2 }]), 'alice');
    await expect(state.operations.openConnect(op('b', 'connect', [{ north: 1, south: 3 }]), 'mallory')).rejects.toThrow();
    await state.operations.openDisconnect(op('d', 'disconnect', [{ north: 9, south: 9 }]), 'bob').catch(() => undefined);
    await state.operations.finish({ ...op('a', 'connect', [{ north: 1, south: 2 }]), status: 'succeeded' }, []);
    await state.operations.openDisconnect(op('e', 'disconnect', [{ north: 1, south: 2 }]), 'bob');
    const entries = await state.audit.recent(10);
    expect(entries.map((e) => [e.who, e.action, e.operationId, e.target])).toEqual([
      ['bob', 'disconnect', 'e', 'ocs-1'],
      ['alice', 'connect', 'a', 'ocs-1'],
    ]);
  });
});
