import { describe, expect, it } from 'vitest';
import { handOverOrder, readsByPath, WALKED_FOLDER_LIMIT } from '../../../src/core/hand-over';

describe('handOverOrder', () => {
  it('sends the CSVs and an even sample of images first, then everything else once, skipping system files', () => {
    const paths = ['d/train/groundtruth.csv', ...Array.from({ length: 10 }, (_, i) => `d/train/${i}.png`), 'd/.DS_Store', 'd/test/groundtruth.csv'];
    const { order, early } = handOverOrder(paths, 3);
    expect(early).toBe(5);
    expect(order.slice(0, early).map((i) => paths[i])).toEqual(['d/train/groundtruth.csv', 'd/test/groundtruth.csv', 'd/train/0.png', 'd/train/3.png', 'd/train/6.png']);
    expect([...order].sort((a, b) => a - b)).toEqual(paths.map((_, i) => i));
  });
});

describe('readsByPath', () => {
  it('walks dropped folders up to the limit and reads larger ones by path', () => {
    expect(readsByPath(10_000)).toBe(false);
    expect(readsByPath(WALKED_FOLDER_LIMIT)).toBe(false);
    expect(readsByPath(WALKED_FOLDER_LIMIT + 1)).toBe(true);
    expect(readsByPath(100_000)).toBe(true);
  });
});
