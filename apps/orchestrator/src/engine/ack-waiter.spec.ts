import type { AckEvent } from '@lightpath/contracts';
import { describe, expect, it } from 'vitest';
import { AckWaiter } from './ack-waiter';

const ack = (commandId: string, switchId: string): AckEvent => ({
  type: 'ack',
  switchId,
  agentId: 'a1',
  at: 1,
  commandId,
  epoch: 1,
  generation: 1,
  status: 'applied',
  disconnected: [],
  connected: [],
  switchingMs: 0,
});

describe('AckWaiter', () => {
  it('abandon ends the wait for a command that was never sent at once, every switch silent, and a later ack of it is not taken', async () => {
    const waiter = new AckWaiter();
    const waiting = waiter.waitAll('sop-1.s0.e1', ['ocs-1', 'ocs-2'], Date.now() + 60_000);
    waiter.abandon('sop-1.s0.e1', ['ocs-1', 'ocs-2']);
    const acks = await waiting;
    expect([...acks.entries()]).toEqual([
      ['ocs-1', undefined],
      ['ocs-2', undefined],
    ]);
    expect(waiter.deliver(ack('sop-1.s0.e1', 'ocs-1'))).toBe(false);
  });

  it("a retry's command id is awaited apart from the failed attempt's", async () => {
    const waiter = new AckWaiter();
    const retry = waiter.waitAll('sop-1.s0.e1.a1', ['ocs-1'], Date.now() + 60_000);
    expect(waiter.deliver(ack('sop-1.s0.e1', 'ocs-1'))).toBe(false);
    expect(waiter.deliver(ack('sop-1.s0.e1.a1', 'ocs-1'))).toBe(true);
    expect((await retry).get('ocs-1')?.commandId).toBe('sop-1.s0.e1.a1');
  });
});
