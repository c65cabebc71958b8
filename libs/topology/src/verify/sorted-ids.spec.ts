import { describe, expect, it } from 'vitest';
import { sameIds, sortedIds } from './sorted-ids';

describe('sortedIds / sameIds: the verifiers fast equality check', () => {
  it('sorts numerically (negative interned ids included), keeping duplicates unless unique', () => {
    expect([...sortedIds([10, -2, 3, 3, 100], false)]).toEqual([-2, 3, 3, 10, 100]);
    expect([...sortedIds(new Set([10, -2, 3, 100]), true)]).toEqual([-2, 3, 10, 100]);
    expect([...sortedIds([3, 3, 1, 1], true)]).toEqual([1, 3]);
  });

  it('tells multisets and sets apart as the reports would', () => {
    expect(sameIds(sortedIds([1, 2, 2], false), sortedIds([2, 1, 2], false))).toBe(true);
    expect(sameIds(sortedIds([1, 2, 2], false), sortedIds([1, 2], false))).toBe(false);
    expect(sameIds(sortedIds([1, 2, 2], true), sortedIds(new Set([2, 1]), true))).toBe(true);
    expect(sameIds(sortedIds([1, 2], true), sortedIds([1, 3], true))).toBe(false);
  });
});
