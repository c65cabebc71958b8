import type { StagedOperation, SwitchResult } from '@lightpath/contracts';
import { CrossConnectNotFoundError, FabricState, NotLeaderError, PortConflictError } from '@lightpath/state';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { singleOperation } from '../support/operations';
import { uniqueName } from '../support/unique';

let epoch = 0;

const single = (id: string, kind: 'connect' | 'disconnect', pairs: { north: number; south: number }[], who = 'test') => singleOperation(id, kind, pairs, epoch, who);

const ok = (switchId: string, commandId: string): SwitchResult => ({ switchId, ok: true, removed: [], added: [], commandId });

describe('OperationStore (the one engine) on a real redis-server', () => {
  let state: FabricState;
  const opened: FabricState[] = [];
  const claim = (op: StagedOperation) => state.operations.claim(op, op.kind, 'cross-connects');
  const finish = (op: StagedOperation, tookEffect: boolean) => state.operations.finish({ ...op, status: tookEffect ? 'succeeded' : 'failed' }, tookEffect ? op.stages[0].changes : []);

  beforeEach(async () => {
    state = FabricState.connect(inject('redisUrl'), uniqueName('ops'), 'test');
    opened.push(state);
    epoch = (await state.leadership.acquire('test-leader', 60_000, 'http://test')).epoch;
  });
  afterAll(async () => Promise.all(opened.map((s) => s.close())));

  it('I1 one owner per port: a second claim on a held north or south port is refused and writes nothing', async () => {
    await claim(single('a', 'connect', [{ north: 1, south: 2 }]));
    await expect(claim(single('b', 'connect', [{ north: 1, south: 9 }]))).rejects.toBeInstanceOf(PortConflictError);
    await expect(claim(single('c', 'connect', [{ north: 8, south: 2 }]))).rejects.toMatchObject({ side: 'south', port: 2, holder: 'operation' });
    expect(await state.operations.get('b')).toBeNull();
    expect(await state.desired.pending('ocs-1')).toEqual({ 'n:1': 'a', 's:2': 'a' });
  });

  it('I1: a port with a desired cross-connect is refused to a new one until that is deleted', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    await finish(a, true);
    await expect(claim(single('b', 'connect', [{ north: 5, south: 2 }]))).rejects.toThrow(/south port 2 of switch ocs-1 already has a cross-connect/);
    await expect(claim(single('d', 'disconnect', [{ north: 7, south: 7 }]))).rejects.toBeInstanceOf(CrossConnectNotFoundError);
  });

  it('finishing commits what took effect, releases the ports and closes exactly once', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    expect(await finish(a, true)).toBe(true);
    expect(await finish(a, false)).toBe(false);
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
    expect(await state.desired.pending('ocs-1')).toEqual({});
    expect((await state.operations.get('a'))?.status).toBe('succeeded');
    expect(await state.operations.openIds()).toEqual([]);
  });

  it('a disconnect that fails on the switch leaves the cross-connect desired', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    await finish(a, true);
    const d = single('d', 'disconnect', [{ north: 1, south: 2 }]);
    await claim(d);
    await finish(d, false);
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
  });

  it("I5 fencing in the store: a claim or a step stamped with an epoch that is not the lease holder's writes nothing", async () => {
    await state.leadership.release('test-leader');
    const next = (await state.leadership.acquire('successor', 60_000, 'http://s')).epoch;
    await expect(claim(single('a', 'connect', [{ north: 1, south: 2 }]))).rejects.toBeInstanceOf(NotLeaderError);
    epoch = next;
    const b = single('b', 'connect', [{ north: 1, south: 2 }]);
    await claim(b);
    await expect(state.operations.awaitStep('b', 's0.e1', next - 1, ['ocs-1'])).rejects.toBeInstanceOf(NotLeaderError);
    expect(await state.operations.awaitStep('b', `s0.e${next}`, next, ['ocs-1'])).toBe(true);
  });

  it('one ack path: an answer is recorded once, only for the step its switch is awaited with; the last one settles the step', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    expect(await state.operations.awaitStep('a', 's0.e1', epoch, ['ocs-1', 'ocs-2'])).toBe(true);
    // A late answer of an earlier attempt (another token) changes nothing.
    expect(await state.operations.settle('a', [{ switchId: 'ocs-1', step: 's0.e0', result: ok('ocs-1', 'old') }])).toEqual({ accepted: 0, remaining: 2 });
    expect(await state.operations.settle('a', [{ switchId: 'ocs-1', step: 's0.e1', result: ok('ocs-1', 'c1') }])).toEqual({ accepted: 1, remaining: 1 });
    // The same ack read by a second replica: already recorded.
    expect(await state.operations.settle('a', [{ switchId: 'ocs-1', step: 's0.e1', result: ok('ocs-1', 'c1-again') }])).toEqual({ accepted: 0, remaining: 1 });
    expect(await state.operations.settle('a', [{ switchId: 'ocs-2', step: 's0.e1', result: ok('ocs-2', 'c2') }])).toEqual({ accepted: 1, remaining: 0 });
    const results = await state.operations.stepResults('a');
    expect([...results.values()].map((r) => r.commandId).sort()).toEqual(['c1', 'c2']);
    // A new step drops the last one's answers.
    await state.operations.awaitStep('a', 's0r.e1', epoch, ['ocs-1']);
    expect((await state.operations.stepResults('a')).size).toBe(0);
    expect([...(await state.operations.awaiting('a')).entries()]).toEqual([['ocs-1', 's0r.e1']]);
  });

  it('group commit: one switch answer settles the parts of several operations in one script, each only for its own step', async () => {
    for (const [id, north] of [['a', 1], ['b', 3]] as const) {
      await claim(single(id, 'connect', [{ north, south: north + 1 }]));
      await state.operations.awaitStep(id, 's0.e1', epoch, ['ocs-1']);
    }
    const out = await state.operations.settleAck('ocs-1', [
      { operationId: 'a', step: 's0.e1', result: ok('ocs-1', 'c-merged') },
      { operationId: 'b', step: 's0.e0', result: ok('ocs-1', 'c-merged') },
    ]);
    expect(out).toEqual([
      { accepted: 1, remaining: 0 },
      { accepted: 0, remaining: 1 },
    ]);
    expect((await state.operations.stepResults('a')).get('ocs-1')?.commandId).toBe('c-merged');
    expect((await state.operations.stepResults('b')).size).toBe(0);
  });

  it('a closed operation awaits no step: its answers and awaited switches are gone with it', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    await state.operations.awaitStep('a', 's0.e1', epoch, ['ocs-1']);
    await finish(a, false);
    expect(await state.operations.awaitStep('a', 's0.e2', epoch, ['ocs-1'])).toBe(false);
    expect((await state.operations.awaiting('a')).size).toBe(0);
  });

  it('converge mode (the reconciler): holds ports to re-make desired circuits and remove undesired ones, and leaves the desired state as it is', async () => {
    const a = single('a', 'connect', [{ north: 1, south: 2 }]);
    await claim(a);
    await finish(a, true);
    const repair: StagedOperation = {
      ...single('r', 'connect', []),
      kind: 'reconcile',
      mode: 'converge',
      stages: [{ index: 0, status: 'running', changes: [{ switchId: 'ocs-1', add: [{ north: 1, south: 2 }], remove: [{ north: 9, south: 10 }] }] }],
    };
    await state.operations.claim(repair, 'reconcile', 'staged');
    expect(await state.desired.pending('ocs-1')).toMatchObject({ 'n:1': 'r', 'n:9': 'r' });
    await state.operations.finish({ ...repair, status: 'succeeded' }, []);
    expect(await state.desired.desired('ocs-1')).toEqual([{ north: 1, south: 2 }]);
    // A repair that would re-make a circuit nobody wants (any more) is refused: the next pass reads again.
    const stale: StagedOperation = { ...repair, id: 'r2', stages: [{ index: 0, status: 'running', changes: [{ switchId: 'ocs-1', add: [{ north: 3, south: 4 }], remove: [] }] }] };
    await expect(state.operations.claim(stale, 'reconcile', 'staged')).rejects.toBeInstanceOf(PortConflictError);
  });

  it('I6 audit: every accepted claim is audited once with who asked, and a refused one not at all', async () => {
    await claim(single('a', 'connect', [{ north: 1, south: 2 }], 'alice'));
    await expect(claim(single('b', 'connect', [{ north: 1, south: 3 }], 'mallory'))).rejects.toThrow();
    await claim(single('d', 'disconnect', [{ north: 9, south: 9 }], 'bob')).catch(() => undefined);
    await finish(single('a', 'connect', [{ north: 1, south: 2 }]), true);
    await claim(single('e', 'disconnect', [{ north: 1, south: 2 }], 'bob'));
    const entries = await state.audit.recent(10);
    expect(entries.map((e) => [e.who, e.action, e.operationId, e.target])).toEqual([
      ['bob', 'disconnect', 'e', 'ocs-1'],
      ['alice', 'connect', 'a', 'ocs-1'],
    ]);
  });
  it('a fleet-sized staged operation (200 OCS x 320 circuits, 448,000 script arguments) is claimed, committed and finished: once a stack overflow spreading them', async () => {
    // Scripts this size run for longer than the default command timeout on a loaded machine.
    const fleet = FabricState.connect(inject('redisUrl'), uniqueName('ops-big'), 'test', { commandTimeoutMs: 60_000 });
    opened.push(fleet);
    epoch = (await fleet.leadership.acquire('test-leader', 60_000, 'http://test')).epoch;
    const changes = Array.from({ length: 200 }, (_, s) => ({
      switchId: `ocs-${s}`,
      remove: [],
      add: Array.from({ length: 320 }, (_, p) => ({ north: p + 1, south: ((p + s) % 320) + 1 })),
    }));
    const big: StagedOperation = { ...single('mesh', 'connect', []), kind: 'topology', target: 'mesh', stages: [{ index: 0, status: 'running', changes }] };
    await fleet.operations.claim(big, 'topology', 'staged');
    await fleet.operations.commitStage(big, changes);
    expect(await fleet.operations.finish({ ...big, status: 'succeeded' }, changes)).toBe(true);
    expect(await fleet.desired.desired('ocs-199')).toHaveLength(320);
    expect(await fleet.desired.pending('ocs-199')).toEqual({});
  }, 120_000);

  it('a switch section larger than one batch of hash fields (6,000 ports, batches of 4,000) is checked, held and released field by field as before', async () => {
    const wide = (id: string, kind: 'connect' | 'disconnect', pairs: { north: number; south: number }[]) => ({ ...single(id, kind, pairs), kind: 'topology', atomicity: 'stage' as const });
    const pairs = Array.from({ length: 3_000 }, (_, p) => ({ north: p + 1, south: 3_000 - p }));
    // A circuit already desired on the last pair's north port: refused naming that port, nothing held.
    await claim(single('m', 'connect', [{ north: 3_000, south: 5_000 }]));
    await finish(single('m', 'connect', [{ north: 3_000, south: 5_000 }]), true);
    await expect(claim(wide('w1', 'connect', pairs))).rejects.toMatchObject({ side: 'north', port: 3_000, holder: 'cross-connect' });
    expect(await state.desired.pending('ocs-1')).toEqual({});
    // Without it: every one of the 6,000 ports held, then committed and released by finish.
    await claim(single('m2', 'disconnect', [{ north: 3_000, south: 5_000 }]));
    await finish(single('m2', 'disconnect', [{ north: 3_000, south: 5_000 }]), true);
    const op = wide('w2', 'connect', pairs);
    await claim(op);
    expect(Object.keys(await state.desired.pending('ocs-1'))).toHaveLength(6_000);
    // A second claim on the very last port of the section is refused: the batch boundary held it too.
    await expect(claim(single('x', 'connect', [{ north: 4_000, south: 1 }]))).rejects.toMatchObject({ side: 'south', port: 1, holder: 'operation' });
    expect(await state.operations.finish({ ...op, status: 'succeeded' }, op.stages[0].changes)).toBe(true);
    expect(await state.desired.pending('ocs-1')).toEqual({});
    const desired = await state.desired.desired('ocs-1');
    expect(desired).toHaveLength(3_000);
    expect(desired.find((c) => c.north === 2_999)).toMatchObject({ south: 2 });
    // Removing them all (over 4,000 fields per hash again) leaves the desired state empty.
    const removal = wide('w3', 'disconnect', pairs);
    await claim(removal);
    expect(await state.operations.finish({ ...removal, status: 'succeeded' }, removal.stages[0].changes)).toBe(true);
    expect(await state.desired.desired('ocs-1')).toEqual([]);
  });
});
