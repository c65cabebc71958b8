import { describe, expect, it } from 'vitest';
import { fullMesh } from './mesh-demand';

describe('fullMesh', () => {
  it('gives every block exactly ocs links out and ocs in, none to itself', () => {
    const links = fullMesh(5, 7);
    const out = new Map<string, number>();
    const inn = new Map<string, number>();
    for (const l of links) {
      expect(l.a).not.toBe(l.b);
      out.set(l.a, (out.get(l.a) ?? 0) + l.links);
      inn.set(l.b, (inn.get(l.b) ?? 0) + l.links);
    }
    expect([...out.values()]).toEqual([7, 7, 7, 7, 7]);
    expect([...inn.values()]).toEqual([7, 7, 7, 7, 7]);
  });

  it('totals blocks x ocs circuits (320 blocks over 1,000 OCS: 320,000)', () => {
    expect(fullMesh(320, 1000).reduce((n, l) => n + l.links, 0)).toBe(320_000);
  });

  it('refuses a mesh of fewer than two blocks', () => {
    expect(() => fullMesh(1, 4)).toThrow(/blocks must be an integer >= 2/);
  });
});
