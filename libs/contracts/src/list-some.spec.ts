import { describe, expect, it } from 'vitest';
import { listSome } from './list-some';

describe('listSome', () => {
  it('lists every item when there are few', () => {
    expect(listSome(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c, d, e');
  });

  it('names the first few and counts the rest, so a message stays short whatever the fleet size', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `ocs-${i}`);
    expect(listSome(ids, 3, 'switches')).toBe('ocs-0, ocs-1, ocs-2 and 997 more switches');
    expect(listSome(ids).length).toBeLessThan(40);
  });
});
