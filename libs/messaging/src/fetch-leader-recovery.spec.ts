import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { installRefusedFetchRecovery, isRefusedConnection, recoverRefusedFetch } from './fetch-leader-recovery';

/** kafkajs does not type its closed-connection error; it is a connection error with its own name. */
const closed = () => Object.assign(new KafkaJSConnectionError('closed'), { name: 'KafkaJSConnectionClosedError' });

function group() {
  return { cluster: { refreshMetadata: vi.fn(async () => undefined) }, logger: { warn: vi.fn() }, groupId: 'g', recoverFromFetch: vi.fn() };
}

describe('refused-fetch recovery (kafkajs 2.2.4 consumer group)', () => {
  it('a fetch refused by a dead leader refreshes the metadata and stays in the group instead of crashing', async () => {
    const original = vi.fn(async () => undefined);
    const g = group();
    await recoverRefusedFetch(original, 0).call(g, new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1'));
    expect(g.cluster.refreshMetadata).toHaveBeenCalledOnce();
    expect(original).not.toHaveBeenCalled();
  });

  it('every other error takes kafkajs’ own path (a closed connection, retries exhausted, a plain error)', async () => {
    const original = vi.fn(async () => undefined);
    const g = group();
    const recover = recoverRefusedFetch(original, 0);
    for (const e of [closed(), new KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 1, retryTime: 1 }), new Error('boom')]) {
      await recover.call(g, e);
    }
    expect(original).toHaveBeenCalledTimes(3);
    expect(g.cluster.refreshMetadata).not.toHaveBeenCalled();
    expect(isRefusedConnection(closed())).toBe(false);
  });

  it('when no broker answers the metadata refresh fails and that error goes up, so a single broker’s outage still crashes the consumer for the supervisor', async () => {
    const g = group();
    g.cluster.refreshMetadata.mockRejectedValueOnce(new KafkaJSConnectionError('no broker'));
    await expect(recoverRefusedFetch(vi.fn(), 0).call(g, new KafkaJSConnectionError('refused'))).rejects.toThrow('no broker');
  });

  it('is installed once on the pinned kafkajs version', () => {
    const first = installRefusedFetchRecovery();
    expect(['installed', 'already-installed']).toContain(first);
    expect(installRefusedFetchRecovery()).toBe('already-installed');
  });
});
