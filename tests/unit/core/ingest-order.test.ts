import { describe, expect, it } from 'vitest';
import { comesClassByClass, ingestOrder } from '../../../src/core/ingest-order';
import type { ManifestItem, Split } from '../../../src/core/types';
import { permutation, seededRandom } from '../../../src/core/random';

const folders = (split: Split, sizes: readonly number[]): ManifestItem[] =>
  sizes.flatMap((n, c) => Array.from({ length: n }, (_, i) => ({ path: `${split}/class${c}/${String(i).padStart(5, '0')}.png`, split, label: `class${c}` })));

describe('the order an import writes its images in', () => {
  it('mixes a split that comes folder by folder so that every stretch of a shard holds each class in proportion', () => {
    const items = folders('train', [300, 300, 150, 50]);
    const order = ingestOrder(items);
    expect(new Set(order.map((i) => i.path))).toEqual(new Set(items.map((i) => i.path)));
    for (let start = 0; start < order.length; start += 80) {
      const shard = order.slice(start, start + 80);
      const count = (label: string) => shard.filter((i) => i.label === label).length;
      expect(count('class0')).toBeGreaterThanOrEqual(29);
      expect(count('class0')).toBeLessThanOrEqual(31);
      expect(count('class2')).toBeGreaterThanOrEqual(14);
      expect(count('class3')).toBeGreaterThanOrEqual(4);
    }
  });

  it('keeps each class in its path order, so reads stay close together on disk', () => {
    const order = ingestOrder(folders('train', [40, 25, 10]));
    for (const label of ['class0', 'class1', 'class2']) {
      const paths = order.filter((i) => i.label === label).map((i) => i.path);
      expect(paths).toEqual([...paths].sort());
    }
  });

  it('keeps a split that is already mixed (files labelled at random) in its own order, and splits apart', () => {
    const base = folders('test', [100, 100, 100, 100]);
    const shuffled = Array.from(permutation(base.length, seededRandom(3)), (i) => base[i] as ManifestItem);
    expect(comesClassByClass(shuffled)).toBe(false);
    const train = folders('train', [20, 20]);
    const order = ingestOrder([...shuffled, ...train]);
    expect(order.slice(train.length)).toEqual(shuffled);
    expect(order.slice(0, train.length).every((i) => i.split === 'train')).toBe(true);
    expect(comesClassByClass(train)).toBe(true);
  });
});
