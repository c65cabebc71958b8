import { createRedis, FabricState } from '@lightpath/state';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { fenceByEpoch } from '../../libs/state/src/scripts/fence.lua';
import { uniqueName } from '../support/unique';

/**
 * I5: the one epoch-fencing snippet (libs/state/src/scripts/fence.lua.ts), composed into a script
 * the way the engine's scripts compose it, lets a write through only under the lease holder's epoch.
 */
describe('I5: the epoch fence composed into a script, on a real redis-server', () => {
  const raw = createRedis(inject('redisUrl'), 'test-fence');
  const states: FabricState[] = [];
  afterAll(async () => {
    await Promise.all(states.map((s) => s.close()));
    await raw.quit();
  });

  // KEYS[1] lease, KEYS[2] target; ARGV[1] the writer's epoch, ARGV[2] the value to write.
  const WRITE = `${fenceByEpoch('KEYS[1]', 'tonumber(ARGV[1])')}
redis.call('SET', KEYS[2], ARGV[2])
return {0}
`;
  const setup = async () => {
    const state = FabricState.connect(inject('redisUrl'), uniqueName('fence'), 'test');
    states.push(state);
    const target = `${state.keys.leader}:fence-target`;
    const write = (epoch: number, value: string) => raw.eval(WRITE, 2, state.keys.leader, target, epoch, value) as Promise<number[]>;
    return { state, target, write };
  };

  it('writes under the holder epoch and refuses a stale one with {4, holder epoch}, writing nothing', async () => {
    const { state, target, write } = await setup();
    const first = await state.leadership.acquire('a', 60_000, 'http://a');
    expect(await write(first.epoch, 'from-a')).toEqual([0]);
    await state.leadership.release('a');
    const second = await state.leadership.acquire('b', 60_000, 'http://b');
    expect(second.epoch).toBeGreaterThan(first.epoch);
    expect(await write(first.epoch, 'stale')).toEqual([4, second.epoch]);
    expect(await raw.get(target)).toBe('from-a');
  });

  it('refuses every write while no one holds the lease, naming holder epoch 0', async () => {
    const { target, write } = await setup();
    expect(await write(1, 'x')).toEqual([4, 0]);
    expect(await raw.exists(target)).toBe(0);
  });
});
