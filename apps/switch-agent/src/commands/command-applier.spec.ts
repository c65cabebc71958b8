import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyCommand, CommandPart } from '@lightpath/contracts';
import { MemsSimDriver } from '@lightpath/mems-sim';
import { describe, expect, it } from 'vitest';
import { SwitchLedger } from '../fleet/switch-ledger';
import type { ManagedSwitch } from '../fleet/managed-switch';
import { applyCommand } from './command-applier';

function managed(dir = mkdtempSync(join(tmpdir(), 'ledger-'))): ManagedSwitch & { dir: string } {
  const ledger = new SwitchLedger(dir, 'ocs-1');
  const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: 'instant', timeScale: 0, initialCrossConnects: ledger.savedCrossConnects });
  return { driver, ledger, dir };
}

type Pairs = CommandPart['connect'];
type Over = Partial<Omit<ApplyCommand, 'parts'>> & { connect?: Pairs; disconnect?: Pairs };

/** A command of one part (operation op-1), as most tests need. */
const command = ({ connect = [{ north: 1, south: 2 }], disconnect = [], ...over }: Over = {}): ApplyCommand => ({
  type: 'apply',
  commandId: 'c1',
  switchId: 'ocs-1',
  epoch: 2,
  issuedAt: 0,
  deadline: over.deadline ?? Number.MAX_SAFE_INTEGER,
  parts: [{ operationId: 'op-1', step: 's0.e2', deadline: over.deadline ?? Number.MAX_SAFE_INTEGER, connect, disconnect }],
  ...over,
});

const part = (operationId: string, connect: Pairs, over: Partial<CommandPart> = {}): CommandPart => ({
  operationId,
  step: 's0.e2',
  deadline: Number.MAX_SAFE_INTEGER,
  connect,
  disconnect: [],
  ...over,
});

describe('applyCommand', () => {
  it('applies a connect and reports it with its loss', async () => {
    const target = managed();
    const ack = await applyCommand(target, command(), 'agent');
    expect(ack.status).toBe('applied');
    expect(ack.parts[0].connected[0]).toMatchObject({ north: 1, south: 2, ok: true });
    expect(target.driver.snapshot().crossConnects).toHaveLength(1);
  });

  it('I5 fencing: refuses a command from an epoch lower than one already seen, touching nothing', async () => {
    const target = managed();
    await applyCommand(target, command({ epoch: 5 }), 'agent');
    const ack = await applyCommand(target, command({ commandId: 'c2', epoch: 4, connect: [{ north: 3, south: 4 }] }), 'agent');
    expect(ack.status).toBe('rejected');
    expect(ack.reason).toMatch(/^STALE_EPOCH: command epoch 4 is older than epoch 5/);
    expect(target.driver.snapshot().crossConnects.map((c) => c.north)).toEqual([1]);
  });

  it('I5 at most once: a repeated command id is answered with its first ack and not applied again, even after a restart', async () => {
    const first = managed();
    await applyCommand(first, command(), 'agent');
    await applyCommand(first, command({ commandId: 'c2', connect: [], disconnect: [{ north: 1, south: 2 }] }), 'agent');
    const restarted = managed(first.dir);
    expect(restarted.driver.snapshot().crossConnects).toEqual([]);
    const again = await applyCommand(restarted, command(), 'agent');
    expect(again.status).toBe('duplicate');
    expect(restarted.driver.snapshot().crossConnects).toEqual([]);
  });

  it('refuses a command that arrives after its deadline', async () => {
    const target = managed();
    const ack = await applyCommand(target, command({ deadline: 10 }), 'agent', () => 11);
    expect(ack.status).toBe('rejected');
    expect(ack.reason).toMatch(/^EXPIRED/);
    expect(target.driver.snapshot().crossConnects).toEqual([]);
  });

  it('reports a partial batch with the reason of the pair that failed', async () => {
    const target = managed();
    await applyCommand(target, command(), 'agent');
    const ack = await applyCommand(target, command({ commandId: 'c2', connect: [{ north: 5, south: 6 }, { north: 7, south: 2 }] }), 'agent');
    expect(ack.status).toBe('partial');
    expect(ack.parts[0].connected.map((r) => r.ok)).toEqual([true, false]);
    expect(ack.parts[0].connected[1].code).toBe('PORT_BUSY');
  });

  it('group commit: parts of two operations merged into one command apply as one batch, and a refused pair fails only its own part', async () => {
    const target = managed();
    await applyCommand(target, command(), 'agent');
    const merged = command({ commandId: 'c2' });
    merged.parts = [part('op-a', [{ north: 5, south: 6 }]), part('op-b', [{ north: 7, south: 2 }, { north: 8, south: 9 }])];
    const ack = await applyCommand(target, merged, 'agent');
    expect(ack.status).toBe('partial');
    expect(ack.parts.map((p) => [p.operationId, p.status])).toEqual([
      ['op-a', 'applied'],
      ['op-b', 'partial'],
    ]);
    expect(ack.parts[1].connected.map((r) => [r.north, r.ok, r.code])).toEqual([
      [7, false, 'PORT_BUSY'],
      [8, true, undefined],
    ]);
    expect(target.driver.snapshot().crossConnects.map((c) => c.north).sort((a, b) => a - b)).toEqual([1, 5, 8]);
  });

  it('group commit: a part past its own deadline is refused alone; the other parts of the command apply', async () => {
    const target = managed();
    const merged = command();
    merged.parts = [part('op-late', [{ north: 3, south: 4 }], { deadline: 10 }), part('op-live', [{ north: 5, south: 6 }])];
    const ack = await applyCommand(target, merged, 'agent', () => 11);
    expect(ack.parts.map((p) => p.status)).toEqual(['rejected', 'applied']);
    expect(ack.parts[0].reason).toMatch(/^EXPIRED/);
    expect(target.driver.snapshot().crossConnects.map((c) => c.north)).toEqual([5]);
  });

  it('I5 at most once for merged commands: replayed after a restart, the command is answered with its first per-part results and applied once', async () => {
    const first = managed();
    const merged = command();
    merged.parts = [part('op-a', [{ north: 5, south: 6 }]), part('op-b', [{ north: 7, south: 8 }])];
    const ack = await applyCommand(first, merged, 'agent');
    await applyCommand(first, command({ commandId: 'c2', connect: [], disconnect: [{ north: 5, south: 6 }] }), 'agent');
    const restarted = managed(first.dir);
    const again = await applyCommand(restarted, merged, 'agent');
    expect(again.status).toBe('duplicate');
    expect(again.parts).toEqual(ack.parts);
    expect(restarted.driver.snapshot().crossConnects.map((c) => c.north)).toEqual([7]);
  });

  it('a restarted agent keeps its crossbar, as MEMS mirrors hold their position', async () => {
    const first = managed();
    await applyCommand(first, command(), 'agent');
    const restarted = managed(first.dir);
    expect(restarted.driver.snapshot().crossConnects.map((c) => [c.north, c.south])).toEqual([[1, 2]]);
    expect(restarted.ledger.highestEpoch).toBe(2);
  });
});
