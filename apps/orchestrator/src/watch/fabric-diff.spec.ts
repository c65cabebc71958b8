import { describe, expect, it } from 'vitest';
import { diffFabric, type FabricLook, type SwitchLook } from './fabric-diff';

const look = (over: Partial<SwitchLook> = {}): SwitchLook => ({
  agentId: 'a1',
  registeredAt: 100,
  reachable: true,
  powered: true,
  unhealthy: new Map(),
  ...over,
});
const fabric = (entries: [string, SwitchLook][]): FabricLook => new Map(entries);
const summary = (before: FabricLook, after: FabricLook) => diffFabric(before, after, 1).map((e) => `${e.kind}:${e.type}:${e.switchId}`);

describe('diffFabric', () => {
  it('reports nothing when nothing changed', () => {
    expect(summary(fabric([['ocs-1', look()]]), fabric([['ocs-1', look()]]))).toEqual([]);
  });

  it('reports a new switch as registered, and unreachable only if it is', () => {
    expect(summary(fabric([]), fabric([['ocs-1', look()]]))).toEqual(['switch:registered:ocs-1']);
    expect(summary(fabric([]), fabric([['ocs-2', look({ reachable: false })]]))).toEqual(['switch:registered:ocs-2', 'switch:unreachable:ocs-2']);
  });

  it('reports re-registration, reachability and power changes', () => {
    const before = fabric([['ocs-1', look()]]);
    expect(summary(before, fabric([['ocs-1', look({ registeredAt: 200 })]]))).toEqual(['switch:registered:ocs-1']);
    expect(summary(before, fabric([['ocs-1', look({ reachable: false })]]))).toEqual(['switch:unreachable:ocs-1']);
    expect(summary(fabric([['ocs-1', look({ reachable: false })]]), before)).toEqual(['switch:reachable:ocs-1']);
    expect(summary(before, fabric([['ocs-1', look({ powered: false })]]))).toEqual(['switch:powered-off:ocs-1']);
  });

  it('reports port health changes, and a port leaving the unhealthy set as ok', () => {
    const failed = fabric([['ocs-1', look({ unhealthy: new Map([['north:3', 'failed']]) })]]);
    const degraded = fabric([['ocs-1', look({ unhealthy: new Map([['north:3', 'degraded']]) })]]);
    expect(diffFabric(fabric([['ocs-1', look()]]), failed, 7)).toEqual([
      { kind: 'port', type: 'failed', switchId: 'ocs-1', at: 7, data: { side: 'north', port: 3, health: 'failed' } },
    ]);
    expect(summary(failed, degraded)).toEqual(['port:degraded:ocs-1']);
    expect(summary(degraded, fabric([['ocs-1', look()]]))).toEqual(['port:ok:ocs-1']);
  });
});
