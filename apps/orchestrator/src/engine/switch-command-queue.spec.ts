import { afterEach, describe, expect, it, vi } from 'vitest';
import { SwitchCommandQueue, type ApplyDraft } from './switch-command-queue';

function queue() {
  const sent: ApplyDraft[][] = [];
  const q = new SwitchCommandQueue({ send: async (c) => void sent.push(c), maxPairs: 2048, windowMs: 0, epoch: () => 7 });
  return { q, sent };
}

const part = (deadline: number) => ({ operationId: 'op-1', step: 's.e7', deadline, connect: [{ north: 1, south: 2 }], disconnect: [] });

describe('SwitchCommandQueue.redeliver (an agent whose consumer came back)', () => {
  it('sends the command in flight again unchanged: same id, parts and deadline, so the agent answers a repeat from its journal', async () => {
    const { q, sent } = queue();
    const deadline = Date.now() + 60_000;
    const id = await q.enqueue('ocs-1', part(deadline));
    expect(await q.redeliver('ocs-1')).toBe(id);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1][0]).toMatchObject({ commandId: id, switchId: 'ocs-1', epoch: 7, deadline });
  });

  it('sends nothing for a switch with no command in flight, an acknowledged one, or one past its deadline', async () => {
    const { q, sent } = queue();
    expect(await q.redeliver('ocs-1')).toBeUndefined();
    const id = await q.enqueue('ocs-1', part(Date.now() + 60_000));
    q.acknowledged('ocs-1', id);
    expect(await q.redeliver('ocs-1')).toBeUndefined();
    const late = Date.now() + 60_000;
    await q.enqueue('ocs-2', part(late));
    expect(await q.redeliver('ocs-2', late + 1)).toBeUndefined();
    expect(sent).toHaveLength(2);
  });
});

describe('SwitchCommandQueue resends a command no answer followed (at-least-once delivery, I5 on the agent)', () => {
  afterEach(() => vi.useRealTimers());

  it('sends it again unchanged after resendAfterMs, then after twice that, and stops at its ack', async () => {
    vi.useFakeTimers();
    const sent: ApplyDraft[][] = [];
    const resent: string[] = [];
    const q = new SwitchCommandQueue({ send: async (c) => void sent.push(c), maxPairs: 2048, windowMs: 0, epoch: () => 7, resendAfterMs: 1_000, onResend: (c) => resent.push(c.commandId) });
    const pending = q.enqueue('ocs-1', part(Date.now() + 60_000));
    await vi.advanceTimersByTimeAsync(0);
    const id = await pending;
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(3);
    expect(resent).toEqual([id, id]);
    q.acknowledged('ocs-1', id);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(3);
  });

  it('never resends past the deadline, nor when resendAfterMs is 0', async () => {
    vi.useFakeTimers();
    const sent: ApplyDraft[][] = [];
    const late = new SwitchCommandQueue({ send: async (c) => void sent.push(c), maxPairs: 2048, windowMs: 0, epoch: () => 7, resendAfterMs: 5_000 });
    const a = late.enqueue('ocs-1', part(Date.now() + 4_000));
    await vi.advanceTimersByTimeAsync(0);
    await a;
    const off = new SwitchCommandQueue({ send: async (c) => void sent.push(c), maxPairs: 2048, windowMs: 0, epoch: () => 7, resendAfterMs: 0 });
    const b = off.enqueue('ocs-2', part(Date.now() + 60_000));
    await vi.advanceTimersByTimeAsync(0);
    await b;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent.map((c) => c[0].switchId)).toEqual(['ocs-1', 'ocs-2']);
  });
});
