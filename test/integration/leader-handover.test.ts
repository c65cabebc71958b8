import { createRedis, FabricState } from '@lightpath/state';
import { LoopRunner } from '@lightpath/observability';
import { waitFor } from '@lightpath/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { OrchestratorConfigSchema } from '../../apps/orchestrator/src/config/orchestrator.config';
import { LeadershipMetrics } from '../../apps/orchestrator/src/leader/leadership-metrics';
import { LeadershipService } from '../../apps/orchestrator/src/leader/leadership.service';
import { fenceByEpoch } from '../../libs/state/src/scripts/fence.lua';
import { uniqueName } from '../support/unique';

/**
 * The leadership service of two replicas against a real redis-server, in one process so the order
 * of their leadership events can be compared on one clock. Nothing here asserts a duration: the
 * speed of a take-over is bench:failover's.
 */
type Event = { who: string; change: 'elected' | 'deposed'; epoch?: number };

describe('leader lease handover between two replicas, on a real redis-server', () => {
  const raw = createRedis(inject('redisUrl'), 'test-handover');
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
    await raw.quit();
  });

  const replica = (fabric: string, id: string, events: Event[], env: Record<string, string>) => {
    const state = FabricState.connect(inject('redisUrl'), fabric, `test-${id}`);
    const logs: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const registry = new Registry();
    const config = OrchestratorConfigSchema.parse({ ORCH_ID: id, ...env });
    const service = new LeadershipService(config, state, logger, LoopRunner.for(registry, logger), new LeadershipMetrics(registry));
    service.listen({ onElected: async (epoch) => void events.push({ who: id, change: 'elected', epoch }), onDeposed: () => void events.push({ who: id, change: 'deposed' }) });
    cleanup.push(async () => {
      await service.onModuleDestroy();
      await state.close().catch(() => state.disconnect());
    });
    return { state, service, logs, registry };
  };
  // KEYS[1] lease, KEYS[2] target; ARGV[1] the writer's epoch: a leader's write, fenced as the engine's scripts are.
  const FENCED_WRITE = `${fenceByEpoch('KEYS[1]', 'tonumber(ARGV[1])')}
redis.call('SET', KEYS[2], ARGV[2])
return {0}
`;

  it('I5 fencing: a leader that can no longer renew (as after kill -9) steps down before the follower takes over, and its late write is refused', async () => {
    const fabric = uniqueName('handover-kill');
    const events: Event[] = [];
    const env = { LEADER_LEASE_MS: '600' };
    const a = replica(fabric, 'orch-a', events, env);
    const b = replica(fabric, 'orch-b', events, env);
    await a.service.start('http://a');
    await b.service.start('http://b');
    const before = a.service.current;
    expect(before).toMatchObject({ isLeader: true, leaderId: 'orch-a' });
    expect(b.service.current).toMatchObject({ isLeader: false, leaderId: 'orch-a', epoch: before.epoch });

    // Its connection gone, orch-a renews nothing more, as if its process had died; it lives on as a zombie.
    a.state.disconnect();
    const elected = await waitFor('orch-b to be elected', () => events.find((e) => e.who === 'orch-b' && e.change === 'elected'));

    expect(elected.epoch).toBeGreaterThan(before.epoch);
    // No two leaders: orch-a gave up on its own clock before orch-b could take the lease.
    const deposedA = events.findIndex((e) => e.who === 'orch-a' && e.change === 'deposed');
    expect(deposedA).toBeGreaterThanOrEqual(0);
    expect(deposedA).toBeLessThan(events.indexOf(elected));
    // Cut off from Redis, the zombie refuses mutations with the outage's own error (it cannot hold a
    // lease, so it names no leader, least of all itself), and no longer claims to know who leads.
    expect(() => a.service.requireLeader()).toThrow(/Redis\) is unavailable.*leader lease/);
    expect(a.service.current).toMatchObject({ isLeader: false, leaderId: null, leaderUrl: null });
    expect(b.service.requireLeader()).toBe(elected.epoch);
    // The zombie's late write under its old epoch changes nothing; the new leader's goes through.
    const target = `${b.state.keys.leader}:fenced-target`;
    expect(await raw.eval(FENCED_WRITE, 2, b.state.keys.leader, target, before.epoch, 'zombie')).toEqual([4, elected.epoch]);
    expect(await raw.get(target)).toBeNull();
    expect(await raw.eval(FENCED_WRITE, 2, b.state.keys.leader, target, elected.epoch!, 'leader')).toEqual([0]);

    const metrics = await a.registry.getSingleMetricAsString('lightpath_leader_transitions_total');
    expect(metrics).toMatch(/change="deposed"} 1/);
    expect(await a.registry.getSingleMetricAsString('lightpath_leader_renew_failures_total')).toMatch(/reason="error"} [1-9]/);
    expect(await b.registry.getSingleMetricAsString('lightpath_leader')).toMatch(/lightpath_leader 1/);
  });

  it('a clean shutdown hands the lease over at once: the follower is woken by the published release, not by the expiry', async () => {
    const fabric = uniqueName('handover-clean');
    const events: Event[] = [];
    // A lease far longer than this test may wait: only the release can let orch-b in.
    const env = { LEADER_LEASE_MS: '60000' };
    const a = replica(fabric, 'orch-a', events, env);
    const b = replica(fabric, 'orch-b', events, env);
    await a.service.start('http://a');
    await b.service.start('http://b');
    const before = a.service.current;
    expect(before.isLeader).toBe(true);
    // The follower has subscribed to releases by now: one is published, picked up, and tried for.
    await waitFor('orch-b to subscribe to lease releases', async () => ((await raw.pubsub('NUMSUB', a.state.keys.leaderReleased)) as [string, number])[1] >= 2);

    await a.service.onModuleDestroy();
    const elected = await waitFor('orch-b to be elected', () => events.find((e) => e.who === 'orch-b' && e.change === 'elected'));

    expect(elected.epoch).toBeGreaterThan(before.epoch);
    expect(events.findIndex((e) => e.who === 'orch-a' && e.change === 'deposed')).toBeLessThan(events.indexOf(elected));
    expect(b.logs.find((l) => l.msg === 'leadership acquired')).toMatchObject({ trigger: 'release', epoch: elected.epoch });
    expect(await b.state.leadership.current()).toMatchObject({ holderId: 'orch-b', epoch: elected.epoch });
  });

  it("a follower's attempt answers what is left of the lease, the holder's the full TTL", async () => {
    const state = FabricState.connect(inject('redisUrl'), uniqueName('handover-pttl'), 'test-pttl');
    cleanup.push(() => state.close());
    const held = await state.leadership.acquire('holder', 5_000, 'http://h');
    expect(held.ttlMs).toBe(5_000);
    const seen = await state.leadership.acquire('follower', 5_000, 'http://f');
    expect(seen).toMatchObject({ holderId: 'holder', epoch: held.epoch });
    expect(seen.ttlMs).toBeGreaterThan(0);
    expect(seen.ttlMs).toBeLessThanOrEqual(5_000);
  });
});
