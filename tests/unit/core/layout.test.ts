import { describe, expect, it } from 'vitest';
import { buildManifest, countManifest, csvPathsOf } from '../../../src/core/layout';
import type { FileEntry } from '../../../src/core/types';

const entries = (...paths: string[]): FileEntry[] => paths.map((path) => ({ path, size: 10 }));

describe('buildManifest', () => {
  it('detects train/ and test/ with groundtruth.csv, resolving long paths by their last part', () => {
    const files = entries('my_data/train/a.png', 'my_data/train/b.png', 'my_data/train/groundtruth.csv', 'my_data/test/c.png', 'my_data/test/groundtruth.csv');
    expect(csvPathsOf(files)).toEqual(['my_data/train/groundtruth.csv', 'my_data/test/groundtruth.csv']);
    const csv = new Map([
      ['my_data/train/groundtruth.csv', 'data/raw_dataset/train/a.png,cat\nb.png,dog\n'],
      ['my_data/test/groundtruth.csv', 'path,label\nc.png,dog\n'],
    ]);
    const manifest = buildManifest(files, csv);
    expect(manifest.layout).toBe('csv');
    expect(manifest.root).toBe('my_data/');
    expect(manifest.classes).toEqual(['cat', 'dog']);
    expect(manifest.items).toEqual([
      { path: 'my_data/test/c.png', split: 'test', label: 'dog' },
      { path: 'my_data/train/a.png', split: 'train', label: 'cat' },
      { path: 'my_data/train/b.png', split: 'train', label: 'dog' },
    ]);
    expect(manifest.skipped).toEqual([]);
  });

  it('names every CSV problem: a missing file, a row listed twice, an unknown label, a file not listed', () => {
    const files = entries('train/a.png', 'train/b.png', 'train/stray.png', 'train/groundtruth.csv', 'test/c.png', 'test/groundtruth.csv');
    const csv = new Map([
      ['train/groundtruth.csv', 'a.png,1\nb.png,2\nnope.png,1\ntrain/a.png,1\n'],
      ['test/groundtruth.csv', 'c.png,7\n'],
    ]);
    const manifest = buildManifest(files, csv);
    expect(manifest.items.map((i) => i.path)).toEqual(['train/a.png', 'train/b.png']);
    expect(manifest.classes).toEqual(['1', '2']);
    expect(manifest.skipped).toEqual([
      { path: 'train/groundtruth.csv:3', reason: 'names a missing file: "nope.png" is not in train/' },
      { path: 'train/groundtruth.csv:4', reason: 'image listed twice: train/a.png is already on line 1' },
      { path: 'train/stray.png', reason: 'not listed in train/groundtruth.csv' },
      { path: 'test/c.png', reason: 'label "7" not found: no training image has it' },
    ]);
  });

  it('detects class folders under train/, test/ and validation/', () => {
    const manifest = buildManifest(entries('train/cat/1.png', 'train/dog/2.jpg', 'validation/cat/3.png', 'test/dog/4.webp', 'test/readme.txt'), new Map());
    expect(manifest.layout).toBe('class-split');
    expect(manifest.items).toEqual([
      { path: 'test/dog/4.webp', split: 'test', label: 'dog' },
      { path: 'train/cat/1.png', split: 'train', label: 'cat' },
      { path: 'train/dog/2.jpg', split: 'train', label: 'dog' },
      { path: 'validation/cat/3.png', split: 'val', label: 'cat' },
    ]);
    expect(manifest.skipped).toEqual([{ path: 'test/readme.txt', reason: 'not inside a class folder' }]);
  });

  it('splits class folders alone by the seed, records it, and gives the same split whatever the file order', () => {
    const paths = ['cat', 'dog'].flatMap((c) => Array.from({ length: 10 }, (_, i) => `pets/${c}/${i}.png`));
    const options = { testRatio: 0.3, seed: 5 };
    const manifest = buildManifest(entries(...paths), new Map(), options);
    expect(manifest.layout).toBe('class-folders');
    expect(manifest.root).toBe('pets/');
    expect(manifest.split).toEqual(options);
    expect(countManifest(manifest)).toEqual({ train: [7, 7], val: [0, 0], test: [3, 3] });
    const reversed = buildManifest(entries(...[...paths].reverse()), new Map(), options);
    expect(reversed.items).toEqual(manifest.items);
  });

  it('skips system files silently and names other non-images', () => {
    const manifest = buildManifest(
      entries('cat/1.png', 'cat/.DS_Store', '__MACOSX/cat/._1.png', 'dog/Thumbs.db', 'dog/2.png', 'dog/notes.txt', '.hidden/x.png'),
      new Map(),
      { testRatio: 0, seed: 1 },
    );
    expect(manifest.items.map((i) => i.path)).toEqual(['cat/1.png', 'dog/2.png']);
    expect(manifest.skipped).toEqual([{ path: 'dog/notes.txt', reason: 'not an image file (.txt)' }]);
  });

  it('treats a lone class folder as data, not as a wrapper', () => {
    const manifest = buildManifest(entries('cat/1.png', 'cat/2.png'), new Map(), { testRatio: 0.5, seed: 1 });
    expect(manifest.root).toBe('');
    expect(manifest.classes).toEqual(['cat']);
  });

  it('orders numeric labels numerically', () => {
    const manifest = buildManifest(entries(...['10', '2', '1'].map((c) => `${c}/a.png`)), new Map(), { testRatio: 0, seed: 1 });
    expect(manifest.classes).toEqual(['1', '2', '10']);
  });
});
