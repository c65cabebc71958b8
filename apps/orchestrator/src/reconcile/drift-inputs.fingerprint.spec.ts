import type { PortStatus } from '@lightpath/contracts';
import { describe, expect, it } from 'vitest';
import { driftInputsFingerprint } from './drift-inputs.fingerprint';

const port = (side: 'north' | 'south', n: number, health: PortStatus['health']): PortStatus => ({ side, port: n, health, powerDbm: -3 });

describe('driftInputsFingerprint: what drift depends on, in one string', () => {
  const pairs = [
    { north: 1, south: 2 },
    { north: 3, south: 4 },
    { north: 5, south: 6 },
  ];

  it('does not depend on the order of pairs or ports, nor on losses, times and power', () => {
    const a = driftInputsFingerprint(pairs, [port('north', 7, 'failed'), port('south', 9, 'failed')]);
    const reordered = [pairs[2], pairs[0], { ...pairs[1], lossDb: 1.5, since: 99 }];
    expect(driftInputsFingerprint(reordered, [{ ...port('south', 9, 'failed'), powerDbm: null }, port('north', 7, 'failed')])).toBe(a);
  });

  it('changes when a pair is added, removed or re-joined to another port', () => {
    const a = driftInputsFingerprint(pairs, []);
    expect(driftInputsFingerprint([...pairs, { north: 7, south: 8 }], [])).not.toBe(a);
    expect(driftInputsFingerprint(pairs.slice(1), [])).not.toBe(a);
    // Same ports in use, joined differently: 1-4 and 3-2 instead of 1-2 and 3-4.
    expect(driftInputsFingerprint([{ north: 1, south: 4 }, { north: 3, south: 2 }, pairs[2]], [])).not.toBe(a);
  });

  it('changes when a port fails or recovers, not when it only degrades', () => {
    const a = driftInputsFingerprint(pairs, []);
    expect(driftInputsFingerprint(pairs, [port('north', 1, 'failed')])).not.toBe(a);
    expect(driftInputsFingerprint(pairs, [port('north', 1, 'degraded')])).toBe(a);
    // The same port number on the other side is another port.
    expect(driftInputsFingerprint(pairs, [port('south', 1, 'failed')])).not.toBe(driftInputsFingerprint(pairs, [port('north', 1, 'failed')]));
  });

  it('tells apart every single-pair change of a full 320-port switch (no collision)', () => {
    const full = Array.from({ length: 320 }, (_, i) => ({ north: i, south: (i * 7) % 320 }));
    const seen = new Set([driftInputsFingerprint(full, [])]);
    for (let i = 0; i < 320; i++) {
      seen.add(driftInputsFingerprint(full.filter((_, j) => j !== i), []));
      const swapped = full.slice();
      const k = (i + 1) % 320;
      swapped[i] = { north: full[i].north, south: full[k].south };
      swapped[k] = { north: full[k].north, south: full[i].south };
      seen.add(driftInputsFingerprint(swapped, []));
    }
    expect(seen.size).toBe(1 + 2 * 320);
  });
});
