import { describe, expect, it } from 'vitest';
import { FabricGraph } from './fabric-graph';

const record = (switchId: string) => ({
  switchId,
  agentId: 'agent',
  northPorts: 136,
  southPorts: 136,
  driver: 'mems-sim',
  profile: 'palomar',
  capabilities: [],
  registeredAt: 0,
  lastSeen: 0,
  powered: true,
  consuming: true,
  drained: false,
});

const cc = (north: number, south: number) => ({ north, south, lossDb: 1.2, since: 0 });

describe('FabricGraph', () => {
  it('keeps a cross-connect that the switch reports twice (an ack and its duplicate)', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    g.addCrossConnect('ocs-1', cc(100, 101));
    g.addCrossConnect('ocs-1', cc(100, 101));
    expect(g.crossConnects('ocs-1').map((c) => [c.north, c.south])).toEqual([[100, 101]]);
  });

  it('I1 one owner per port: a newer report on either port replaces the older cross-connect', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    g.addCrossConnect('ocs-1', cc(1, 2));
    g.addCrossConnect('ocs-1', cc(3, 4));
    g.addCrossConnect('ocs-1', cc(1, 4));
    expect(g.crossConnects('ocs-1').map((c) => [c.north, c.south])).toEqual([[1, 4]]);
  });

  it('a snapshot replaces cross-connects and port health of that switch only', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    g.upsertSwitch(record('ocs-2'));
    g.addCrossConnect('ocs-1', cc(1, 2));
    g.addCrossConnect('ocs-2', cc(1, 2));
    g.replaceActual('ocs-1', [cc(7, 8)], [{ side: 'north', port: 9, health: 'failed', powerDbm: null }]);
    expect(g.crossConnects('ocs-1').map((c) => c.north)).toEqual([7]);
    expect(g.crossConnects('ocs-2').map((c) => c.north)).toEqual([1]);
    expect(g.portHealth('ocs-1', 'north', 9)).toBe('failed');
    expect(g.portHealth('ocs-1', 'north', 10)).toBe('ok');
    expect(g.stats()).toEqual({ switches: 2, crossConnects: 2, failedPorts: 1, degradedPorts: 0 });
  });

  it('removing a cross-connect frees both ports', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    g.addCrossConnect('ocs-1', cc(1, 2));
    g.removeCrossConnect('ocs-1', 1);
    g.removeCrossConnect('ocs-1', 55);
    expect(g.crossConnects('ocs-1')).toEqual([]);
  });

  it('counts cross-connects per switch as reports replace, remove and re-report them', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    g.upsertSwitch(record('ocs-2'));
    g.addCrossConnect('ocs-1', cc(1, 2));
    g.addCrossConnect('ocs-1', cc(1, 2)); // a duplicate ack
    g.addCrossConnect('ocs-1', cc(3, 4));
    g.addCrossConnect('ocs-1', cc(1, 4)); // replaces both 1-2 and 3-4 (I1)
    g.addCrossConnect('ocs-1', cc(5, 6));
    g.addCrossConnect('ocs-2', cc(1, 2));
    g.removeCrossConnect('ocs-1', 5);
    g.removeCrossConnect('ocs-1', 99);
    expect(g.crossConnectCount('ocs-1')).toBe(g.crossConnects('ocs-1').length);
    expect(g.crossConnectCount('ocs-1')).toBe(1);
    g.replaceActual('ocs-1', [cc(7, 8), cc(9, 10)], []);
    expect(g.crossConnectCount('ocs-1')).toBe(2);
    expect(g.crossConnectCount('ocs-2')).toBe(1);
    expect(g.crossConnectCount('ocs-3')).toBe(0);
  });

  it('lists only unhealthy ports, following health changes and snapshots, whatever the ports in use', () => {
    const g = new FabricGraph();
    g.upsertSwitch(record('ocs-1'));
    for (let p = 1; p <= 100; p++) g.addCrossConnect('ocs-1', cc(p, p));
    g.setPort('ocs-1', 'north', 7, { health: 'failed' });
    g.setPort('ocs-1', 'south', 8, { health: 'degraded' });
    g.setPort('ocs-1', 'south', 8, { powerDbm: -3 }); // no health given: stays degraded
    expect(g.unhealthyPorts('ocs-1')).toEqual([
      { side: 'north', port: 7, health: 'failed', powerDbm: null },
      { side: 'south', port: 8, health: 'degraded', powerDbm: -3 },
    ]);
    g.setPort('ocs-1', 'north', 7, { health: 'ok' });
    expect(g.unhealthyPorts('ocs-1').map((p) => p.port)).toEqual([8]);
    g.replaceActual('ocs-1', [], [{ side: 'north', port: 200, health: 'failed', powerDbm: null }]);
    expect(g.unhealthyPorts('ocs-1').map((p) => [p.side, p.port])).toEqual([['north', 200]]);
    expect(g.stats()).toEqual({ switches: 1, crossConnects: 0, failedPorts: 1, degradedPorts: 0 });
  });
});
