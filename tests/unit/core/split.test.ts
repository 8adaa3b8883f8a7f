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

  describe('as a validation split carved from train', () => {
    // A train split as the ingest stores it: big and small classes, two singletons, labels in no order.
    const train = items({ cat: 200, dog: 120, owl: 7, bee: 3, yak: 2, ant: 1, elk: 1 }).sort((a, b) => ((a.i * 7919) % 13) - ((b.i * 7919) % 13));
    const heldOut = (seed: number) => splitStratified(train, (d) => d.label, 0.15, seed);
    const classes = [...new Set(train.map((d) => d.label))];
    const count = (held: boolean[], label: string, side: boolean) => train.filter((d, i) => d.label === label && held[i] === side).length;

    it('holds out 15 % of every class, so the classes keep their shares', () => {
      const held = heldOut(1);
      expect(count(held, 'cat', true)).toBe(30);
      expect(count(held, 'dog', true)).toBe(18);
      expect(count(held, 'owl', true)).toBe(1);
      expect(held.filter(Boolean).length).toBe(30 + 18 + 1 + 1 + 1); // owl, bee and yak give one each; ant and elk none
    });

    it('puts every class with at least two images in validation, and empties no class out of train', () => {
      const held = heldOut(1);
      for (const label of classes) {
        const n = train.filter((d) => d.label === label).length;
        expect(count(held, label, false), `${label} keeps images to train on`).toBeGreaterThanOrEqual(1);
        if (n >= 2) expect(count(held, label, true), `${label} is validated`).toBeGreaterThanOrEqual(1);
        else expect(count(held, label, true), `${label} has one image, kept for training`).toBe(0);
      }
    });

    it('is the same for the same seed, whatever else happened since, and different for another seed', () => {
      expect(heldOut(1)).toEqual(heldOut(1));
      expect(heldOut(2)).not.toEqual(heldOut(1));
      expect(heldOut(2).filter(Boolean).length).toBe(heldOut(1).filter(Boolean).length);
    });

    it('only ever picks among the items it is given: the test split is never part of it', () => {
      // Validation is carved from train alone: the result is one flag per train item, and test items are not an input.
      const test = items({ cat: 50, dog: 30 }).map((d) => ({ ...d, i: d.i + 10_000 }));
      const held = heldOut(3);
      expect(held).toHaveLength(train.length);
      const validation = train.filter((_, i) => held[i]);
      expect(validation.every((v) => !test.some((t) => t.label === v.label && t.i === v.i))).toBe(true);
    });
  });
});
