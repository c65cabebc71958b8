import { describe, expect, it, vi } from 'vitest';
import { HeartbeatRecorder, type SignOfLife } from './heartbeat-recorder';

describe('HeartbeatRecorder (coalesced heartbeat writes)', () => {
  it('writes the latest heartbeat of each switch once, many switches in one batch', async () => {
    const batches: SignOfLife[][] = [];
    const recorder = new HeartbeatRecorder({ write: async (b) => void batches.push(b), flushMs: 10_000, onDropped: vi.fn() });
    recorder.record({ switchId: 'ocs-0', at: 1, powered: true, consuming: true });
    recorder.record({ switchId: 'ocs-1', at: 2, powered: true });
    recorder.record({ switchId: 'ocs-0', at: 3, powered: false, consuming: false });
    await recorder.flush();
    expect(batches).toEqual([[{ switchId: 'ocs-0', at: 3, powered: false, consuming: false }, { switchId: 'ocs-1', at: 2, powered: true }]]);
  });

  it('writes one batch at a time: heartbeats arriving during a write go in the next one', async () => {
    let release!: () => void;
    const batches: SignOfLife[][] = [];
    const write = vi.fn(async (b: SignOfLife[]) => {
      batches.push(b);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const recorder = new HeartbeatRecorder({ write, flushMs: 1, onDropped: vi.fn() });
    recorder.record({ switchId: 'ocs-0', at: 1, powered: true });
    const first = recorder.flush();
    await vi.waitFor(() => expect(write).toHaveBeenCalledTimes(1));
    recorder.record({ switchId: 'ocs-1', at: 2, powered: true });
    expect(write).toHaveBeenCalledTimes(1);
    release();
    await first;
    await vi.waitFor(() => expect(batches).toHaveLength(2));
    expect(batches[1]).toEqual([{ switchId: 'ocs-1', at: 2, powered: true }]);
  });

  it('a batch Redis refuses is dropped and reported, and the next heartbeats are written again', async () => {
    const onDropped = vi.fn();
    const write = vi.fn().mockRejectedValueOnce(new Error('Redis away')).mockResolvedValue(undefined);
    const recorder = new HeartbeatRecorder({ write, flushMs: 10_000, onDropped });
    recorder.record({ switchId: 'ocs-0', at: 1, powered: true });
    await recorder.flush();
    expect(onDropped).toHaveBeenCalledWith(1, expect.any(Error));
    recorder.record({ switchId: 'ocs-0', at: 2, powered: true });
    await recorder.flush();
    expect(write).toHaveBeenLastCalledWith([{ switchId: 'ocs-0', at: 2, powered: true }]);
  });
});
