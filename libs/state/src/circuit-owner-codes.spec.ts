import { describe, expect, it } from 'vitest';
import { decodeOwner, encodeOwner } from './circuit-owner-codes';

describe('circuit owner codes (item 15: owners kept compactly in Redis)', () => {
  it('round-trips every kind of owner; manual is no entry at all', () => {
    for (const owner of ['manual', 'repair', 'topology:mesh-a', 'reservation:rsv-0f3a']) expect(decodeOwner(encodeOwner(owner))).toBe(owner);
    expect(encodeOwner('manual')).toBe('');
    expect(encodeOwner('topology:mesh-a')).toBe('t:mesh-a');
    expect(encodeOwner('reservation:rsv-1')).toBe('r:rsv-1');
    expect(encodeOwner('repair')).toBe('p');
  });

  it('reads a circuit with no stored owner (data from before owners existed) as manual', () => {
    expect(decodeOwner(null)).toBe('manual');
    expect(decodeOwner(undefined)).toBe('manual');
  });

  it('refuses to store an owner of unknown kind', () => {
    expect(() => encodeOwner('someone')).toThrow(/unknown circuit owner "someone"/);
  });
});
