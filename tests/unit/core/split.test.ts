import { describe, expect, it } from 'vitest';
import { splitStratified } from '../../../src/core/split';

const items = (counts: Record<string, number>) => Object.entries(counts).flatMap(([label, n]) => Array.from({ length: n }, (_, i) => ({ label, i })));

describe('splitStratified', () => {
  const data = items({ cat: 50, dog: 30, owl: 2, ant: 1 });

  it('is reproducible: the same seed gives the same split, another seed another', () => {
    const a = splitStratified(data, (d) => d.label, 0.2, 42);
    expect(splitStratified(data, (d) => d.label, 0.2, 42)).toEqual(a);
    expect(splitStratified(data, (d) => d.label, 0.2, 43)).not.toEqual(a);
  });

  it('takes the ratio from each class, and keeps every class with two images on both sides', () => {
    const isTest = splitStratified(data, (d) => d.label, 0.2, 7);
    const testOf = (label: string) => data.filter((d, i) => d.label === label && isTest[i]).length;
    expect(testOf('cat')).toBe(10);
    expect(testOf('dog')).toBe(6);
    expect(testOf('owl')).toBe(1);
    expect(testOf('ant')).toBe(0);
  });

  it('does not depend on the order of other classes', () => {
    const onlyCats = items({ cat: 50 });
    const a = splitStratified(data, (d) => d.label, 0.2, 42).slice(0, 50);
    expect(splitStratified(onlyCats, (d) => d.label, 0.2, 42)).toEqual(a);
  });

  it('refuses a ratio outside [0, 1)', () => {
    expect(() => splitStratified(data, (d) => d.label, 1, 1)).toThrow('test ratio must be in [0, 1), got 1');
  });
});
