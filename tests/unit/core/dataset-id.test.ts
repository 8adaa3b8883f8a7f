import { describe, expect, it } from 'vitest';
import { datasetId, type IdImage } from '../../../src/core/dataset-id';
import { loadDigits } from '../../support/digits';

const digits = loadDigits(3);
const images: IdImage[] = digits.map((d, i) => ({ split: i % 4 === 0 ? 'test' : 'train', label: d.label, pixels: d.pixels }));
const classes = '0123456789'.split('');

describe('dataset id', () => {
  it('is the same for the same images in any order (file names play no part)', () => {
    const id = datasetId([28, 28, 1], classes, images);
    expect(datasetId([28, 28, 1], classes, [...images].reverse())).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when one pixel, one label, one split, the classes or the shape change', () => {
    const id = datasetId([28, 28, 1], classes, images);
    const pixel = images.map((g, i) => (i === 5 ? { ...g, pixels: g.pixels.map((v, j) => (j === 400 ? v ^ 1 : v)) } : g));
    const label = images.map((g, i) => (i === 5 ? { ...g, label: (g.label + 1) % 10 } : g));
    const split = images.map((g, i) => (i === 5 ? { ...g, split: 'val' as const } : g));
    const others = [
      datasetId([28, 28, 1], classes, pixel),
      datasetId([28, 28, 1], classes, label),
      datasetId([28, 28, 1], classes, split),
      datasetId([28, 28, 1], [...classes].reverse(), images),
      datasetId([28, 28, 1], classes, images.slice(1)),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('keeps duplicates apart: two copies of an image differ from one', () => {
    const one = datasetId([28, 28, 1], classes, images.slice(0, 2));
    const two = datasetId([28, 28, 1], classes, [...images.slice(0, 2), images[0] as IdImage]);
    expect(two).not.toBe(one);
  });
});
