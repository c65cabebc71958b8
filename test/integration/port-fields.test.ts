import { createRedis, FabricState, portField } from '@lightpath/state';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

/**
 * Ports in Redis fields are written one way (libs/state port-fields.ts: n:<port> / s:<port>), and
 * operator marks stored before that in the north:<port> form still count and can still be removed.
 */
describe('port fields on a real redis-server', () => {
  const opened: FabricState[] = [];
  const raw = createRedis(inject('redisUrl'), 'test-port-fields-raw');
  const connect = () => {
    const s = FabricState.connect(inject('redisUrl'), uniqueName('ports'), 'test');
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await raw.quit();
  });

  it('an operator mark is stored as n:<port> and shows the port failed over what the switch reports', async () => {
    const state = connect();
    await state.actual.replace({ type: 'snapshot', switchId: 'ocs-1', agentId: 'a', at: 1, reason: 'periodic', powered: true, crossConnects: [], ports: [{ side: 'south', port: 4, health: 'degraded', powerDbm: -9 }] });
    await state.actual.markFailed('ocs-1', 'north', 5, 'op', 'dirty connector');
    expect(await raw.hkeys(state.keys.markedPorts('ocs-1'))).toEqual([portField('north', 5)]);
    expect(await raw.hkeys(state.keys.ports('ocs-1'))).toEqual(['s:4']);
    const { ports } = await state.actual.get('ocs-1');
    expect(ports).toEqual(expect.arrayContaining([expect.objectContaining({ side: 'north', port: 5, health: 'failed' }), expect.objectContaining({ side: 'south', port: 4, health: 'degraded' })]));
    expect(await state.actual.unmark('ocs-1', 'north', 5)).toBe(true);
    expect(await state.actual.markedPorts('ocs-1')).toEqual([]);
  });

  it('a mark stored in the older north:<port> form is still read as failed and removed by unmark', async () => {
    const state = connect();
    await raw.hset(state.keys.markedPorts('ocs-2'), 'south:7', JSON.stringify({ by: 'op', reason: 'old', at: 1 }));
    expect(await state.actual.markedPorts('ocs-2')).toEqual([{ side: 'south', port: 7, health: 'failed', powerDbm: null }]);
    expect(await state.actual.unmark('ocs-2', 'south', 7)).toBe(true);
    expect(await raw.exists(state.keys.markedPorts('ocs-2'))).toBe(0);
    expect(await state.actual.unmark('ocs-2', 'south', 7)).toBe(false);
  });
});
