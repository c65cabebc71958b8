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
});
