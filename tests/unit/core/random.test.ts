import { describe, expect, it } from 'vitest';
import { permutation, seededRandom, shuffleInPlace } from '../../../src/core/random';

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = Array.from({ length: 5 }, seededRandom(7));
    const b = Array.from({ length: 5 }, seededRandom(7));
    const c = Array.from({ length: 5 }, seededRandom(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });
  it('permutes every index exactly once', () => {
    const p = permutation(1000, seededRandom(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p.subarray(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('shuffles in place, keeping the items', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    shuffleInPlace(items, seededRandom(3));
    expect([...items].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
