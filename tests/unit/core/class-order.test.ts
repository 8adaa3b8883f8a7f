import { describe, expect, it } from 'vitest';
import { classOrder, earlierClassOrder } from '../../../src/core/class-order';
import { buildManifest, countManifest } from '../../../src/core/layout';
import type { FileEntry } from '../../../src/core/types';

const entries = (...paths: string[]): FileEntry[] => paths.map((path) => ({ path, size: 10 }));
const WORDS = ['five', 'zero', 'four', 'one', 'nine', 'two', 'one', 'three', 'five', 'eight', 'six', 'seven'];

describe('class order', () => {
  it('keeps a CSV\'s word labels in the order its rows first use them', () => {
    expect(classOrder('csv', WORDS)).toEqual(['five', 'zero', 'four', 'one', 'nine', 'two', 'three', 'eight', 'six', 'seven']);
  });

  it('counts numbers up in every layout: 2 before 10, negatives and decimals too', () => {
    expect(classOrder('csv', ['10', '2', '1', '2'])).toEqual(['1', '2', '10']);
    expect(classOrder('class-folders', ['10', '-1', '2.5', '2'])).toEqual(['-1', '2', '2.5', '10']);
  });

  it('orders folder names naturally: digit runs by their value, the rest alphabetically', () => {
    expect(classOrder('class-split', ['class10', 'class2', 'class1', 'Dog', 'cat'])).toEqual(['cat', 'class1', 'class2', 'class10', 'Dog']);
    expect(classOrder('class-folders', ['img_10_b', 'img_9_b', 'img_10_a'])).toEqual(['img_9_b', 'img_10_a', 'img_10_b']);
  });

  it('is the earlier order wherever that was already natural (so those datasets keep their ids)', () => {
    for (const labels of [['cat', 'dog', 'bird'], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], ['Apple', 'banana', 'cherry']]) {
      expect(classOrder('class-folders', labels)).toEqual(earlierClassOrder(labels));
    }
    expect(earlierClassOrder(['five', 'zero', 'four'])).toEqual(['five', 'four', 'zero']);
    expect(earlierClassOrder(['class10', 'class2'])).toEqual(['class10', 'class2']);
  });
});

describe('the manifest\'s classes', () => {
  it('follow the training CSV\'s rows, and the counts follow the classes', () => {
    const files = entries('train/a.png', 'train/b.png', 'train/c.png', 'train/groundtruth.csv', 'test/d.png', 'test/groundtruth.csv');
    const csv = new Map([['train/groundtruth.csv', 'path,label\nc.png,eight\na.png,five\nb.png,five\n'], ['test/groundtruth.csv', 'd.png,five\n']]);
    const manifest = buildManifest(files, csv);
    expect(manifest.classes).toEqual(['eight', 'five']);
    expect(countManifest(manifest)).toEqual({ train: [1, 2], val: [0, 0], test: [0, 1] });
  });

  it('follow the folder names in natural order', () => {
    const manifest = buildManifest(entries(...['class10', 'class2', 'class1'].map((c) => `${c}/a.png`)), new Map(), { testRatio: 0, seed: 1 });
    expect(manifest.classes).toEqual(['class1', 'class2', 'class10']);
  });
});
