import { describe, expect, it } from 'vitest';
import { computeDrift, hasDrift } from './drift';

const active = (north: number, south: number) => ({ north, south, lossDb: 1, since: 0 });

describe('computeDrift', () => {
  it('I3 convergence: equal desired and actual sets mean no drift', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [active(1, 2)], {}, []);
    expect(hasDrift(d)).toBe(false);
  });

  it('finds a vanished cross-connect and one nobody asked for', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [active(3, 4)], {}, []);
    expect(d).toEqual({ missing: [{ north: 1, south: 2 }], unexpected: [{ north: 3, south: 4 }], onFailedPorts: [] });
  });

  it('a north port joined to the wrong south port is one unexpected and one missing pair', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [active(1, 9)], {}, []);
    expect(d.missing).toEqual([{ north: 1, south: 2 }]);
    expect(d.unexpected).toEqual([{ north: 1, south: 9 }]);
  });

  it('leaves out ports held by an operation in flight', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [active(5, 6)], { 'n:1': 'op-a', 's:6': 'op-b' }, []);
    expect(hasDrift(d)).toBe(false);
  });

  it('a circuit still lit on a port marked failed needs a reroute too', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [active(1, 2)], {}, [{ side: 'north', port: 1, health: 'failed', powerDbm: null }]);
    expect(d.onFailedPorts).toEqual([{ north: 1, south: 2 }]);
  });

  it('a desired cross-connect on a failed port needs a reroute, not a re-make', () => {
    const d = computeDrift([{ north: 1, south: 2 }], [], {}, [{ side: 'south', port: 2, health: 'failed', powerDbm: null }]);
    expect(d).toEqual({ missing: [], unexpected: [], onFailedPorts: [{ north: 1, south: 2 }] });
  });
});
