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

describe('FabricGraph.replaceActual changes only what differs', () => {
  /** A small seeded generator: the same sequence on every run. */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }
  const healths = ['ok', 'degraded', 'failed'] as const;
  const view = (g: FabricGraph) => ({
    circuits: g.crossConnects('ocs-1'),
    count: g.crossConnectCount('ocs-1'),
    unhealthy: g.unhealthyPorts('ocs-1').sort((a, b) => a.side.localeCompare(b.side) || a.port - b.port),
    health: Array.from({ length: 12 }, (_, i) => [g.portHealth('ocs-1', 'north', i + 1), g.portHealth('ocs-1', 'south', i + 1)]),
    other: g.crossConnects('ocs-2'),
  });

  it('after any sequence of snapshots, acks and alarms the model equals one rebuilt from the last snapshot alone', () => {
    const next = rng(7);
    const pick = (n: number) => 1 + Math.floor(next() * n);
    for (let round = 0; round < 200; round++) {
      const g = new FabricGraph();
      g.upsertSwitch(record('ocs-1'));
      g.upsertSwitch(record('ocs-2'));
      g.addCrossConnect('ocs-2', cc(1, 1));
      let last: { circuits: ReturnType<typeof cc>[]; ports: { side: 'north' | 'south'; port: number; health: (typeof healths)[number]; powerDbm: number | null }[] } = { circuits: [], ports: [] };
      for (let step = 0; step < 6; step++) {
        // Between snapshots: acks and alarms change the model as they do in service.
        for (let k = pick(3); k > 0; k--) g.addCrossConnect('ocs-1', { north: pick(12), south: pick(12), lossDb: pick(3), since: pick(5) });
        if (next() < 0.3) g.removeCrossConnect('ocs-1', pick(12));
        if (next() < 0.3) g.setPort('ocs-1', next() < 0.5 ? 'north' : 'south', pick(12), { health: healths[pick(3) - 1] });
        // A snapshot, sometimes with two circuits on one port (the later one wins, as with acks).
        const circuits = Array.from({ length: pick(8) - 1 }, () => ({ north: pick(12), south: pick(12), lossDb: pick(3), since: pick(5) }));
        const ports = Array.from({ length: pick(4) - 1 }, () => ({ side: (next() < 0.5 ? 'north' : 'south') as 'north' | 'south', port: pick(12), health: healths[pick(3) - 1], powerDbm: next() < 0.5 ? null : -pick(9) }));
        const unique = [...new Map(ports.map((p) => [`${p.side}${p.port}`, p])).values()];
        g.replaceActual('ocs-1', circuits, unique);
        last = { circuits, ports: unique };
      }
      const fresh = new FabricGraph();
      fresh.upsertSwitch(record('ocs-1'));
      fresh.upsertSwitch(record('ocs-2'));
      fresh.addCrossConnect('ocs-2', cc(1, 1));
      for (const p of last.ports) fresh.setPort('ocs-1', p.side, p.port, { health: p.health, powerDbm: p.powerDbm });
      for (const c of last.circuits) fresh.addCrossConnect('ocs-1', c);
      expect(view(g), `round ${round}`).toEqual(view(fresh));
    }
  });
});
