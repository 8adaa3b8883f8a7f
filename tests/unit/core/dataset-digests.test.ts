import { describe, expect, it } from 'vitest';
import { earlierClassOrder } from '../../../src/core/class-order';
import { DatasetDigests } from '../../../src/core/dataset-digests';
import { datasetId, type IdImage } from '../../../src/core/dataset-id';
import { seededRandom, shuffleInPlace } from '../../../src/core/random';
import type { ImageShape, Split } from '../../../src/core/types';

const shape: ImageShape = [4, 4, 3];

function images(n: number, classes: number, seed: number): IdImage[] {
  const random = seededRandom(seed);
  const splits: Split[] = ['train', 'val', 'test'];
  return Array.from({ length: n }, (_, i) => ({
    split: splits[i % 3] as Split,
    label: i % classes,
    pixels: Uint8Array.from({ length: 48 }, () => Math.floor(random() * 256)),
  }));
}

describe('DatasetDigests', () => {
  it('gives the one-shot datasetId whatever order the images arrive in', () => {
    const classes = ['cat', 'dog', 'fox'];
    const all = images(50, 3, 1);
    const oneShot = datasetId(shape, classes, all);
    for (const seed of [2, 3, 4]) {
      const digests = new DatasetDigests(classes);
      for (const g of shuffleInPlace([...all], seededRandom(seed))) digests.add(g.split, g.label, g.pixels);
      expect(digests.ids(shape)).toEqual({ id: oneShot });
    }
  });

  it('also gives the id under the earlier class order, when that order differs', () => {
    const classes = ['class2', 'class10', 'class1'];
    const earlier = earlierClassOrder(classes);
    expect(earlier).not.toEqual(classes);
    const all = images(30, 3, 5);
    const toEarlier = classes.map((name) => earlier.indexOf(name));
    const digests = new DatasetDigests(classes);
    for (const g of all) digests.add(g.split, g.label, g.pixels);
    expect(digests.ids(shape)).toEqual({
      id: datasetId(shape, classes, all),
      earlierId: datasetId(shape, earlier, all.map((g) => ({ ...g, label: toEarlier[g.label] as number }))),
    });
  });

  it('changes when one pixel, label or split changes, and forgets everything on clear', () => {
    const classes = ['a', 'b'];
    const all = images(10, 2, 7);
    const idOf = (list: IdImage[]) => {
      const d = new DatasetDigests(classes);
      for (const g of list) d.add(g.split, g.label, g.pixels);
      return d.ids(shape).id;
    };
    const base = idOf(all);
    const pixel = all.map((g, i) => (i === 3 ? { ...g, pixels: g.pixels.map((v, j) => (j === 0 ? v ^ 1 : v)) } : g));
    expect(idOf(pixel)).not.toBe(base);
    expect(idOf(all.map((g, i) => (i === 3 ? { ...g, label: 1 - g.label } : g)))).not.toBe(base);
    expect(idOf(all.map((g, i) => (i === 3 ? { ...g, split: 'val' as const } : g)))).not.toBe(base);
    const cleared = new DatasetDigests(classes);
    cleared.add('train', 0, new Uint8Array(48));
    cleared.clear();
    for (const g of all) cleared.add(g.split, g.label, g.pixels);
    expect(cleared.ids(shape).id).toBe(base);
  });
});
