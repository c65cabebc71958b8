import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyCommand } from '@lightpath/contracts';
import { MemsSimDriver } from '@lightpath/mems-sim';
import { describe, expect, it } from 'vitest';
import { SwitchLedger } from '../fleet/switch-ledger';
import { applyCommand, type ManagedSwitch } from './command-applier';

function managed(dir = mkdtempSync(join(tmpdir(), 'ledger-'))): ManagedSwitch & { dir: string } {
  const ledger = new SwitchLedger(dir, 'ocs-1');
  const driver = new MemsSimDriver({ switchId: 'ocs-1', profile: 'instant', timeScale: 0, initialCrossConnects: ledger.savedCrossConnects });
  return { driver, ledger, dir };
}

const command = (over: Partial<ApplyCommand> = {}): ApplyCommand => ({
  type: 'apply',
  commandId: 'c1',
  switchId: 'ocs-1',
  epoch: 2,
  generation: 1,
  issuedAt: 0,
  deadline: Number.MAX_SAFE_INTEGER,
  connect: [{ north: 1, south: 2 }],
  disconnect: [],
  ...over,
});

describe('applyCommand', () => {
  it('applies a connect and reports it with its loss', async () => {
    const target = managed();
    const ack = await applyCommand(target, command(), 'agent');
    expect(ack.status).toBe('applied');
    expect(ack.connected[0]).toMatchObject({ north: 1, south: 2, ok: true });
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
    expect(ack.connected.map((r) => r.ok)).toEqual([true, false]);
    expect(ack.connected[1].code).toBe('PORT_BUSY');
  });

  it('a restarted agent keeps its crossbar, as MEMS mirrors hold their position', async () => {
    const first = managed();
    await applyCommand(first, command(), 'agent');
    const restarted = managed(first.dir);
    expect(restarted.driver.snapshot().crossConnects.map((c) => [c.north, c.south])).toEqual([[1, 2]]);
    expect(restarted.ledger.highestEpoch).toBe(2);
  });
});
