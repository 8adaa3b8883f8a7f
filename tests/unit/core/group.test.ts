import { describe, expect, it } from 'vitest';
import { pushTo } from '../../../src/core/group';

describe('pushTo', () => {
  it('keeps each key\'s values in the order they came, and the keys in the order first seen', () => {
    const groups = new Map<string, number[]>();
    for (const [key, value] of [['b', 1], ['a', 2], ['b', 3], ['__proto__', 4], ['a', 5]] as const) pushTo(groups, key, value);
    expect([...groups]).toEqual([['b', [1, 3]], ['a', [2, 5]], ['__proto__', [4]]]);
  });

  it('grows one list in place: a large group is the same array throughout', () => {
    const groups = new Map<number, number[]>();
    pushTo(groups, 0, 0);
    const list = groups.get(0);
    for (let i = 1; i < 100_000; i++) pushTo(groups, 0, i);
    expect(groups.get(0)).toBe(list);
    expect(list).toHaveLength(100_000);
    expect(list?.[99_999]).toBe(99_999);
  });
});
