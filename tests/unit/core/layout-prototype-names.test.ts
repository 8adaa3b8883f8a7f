// Class names that are also names of Object.prototype's members must be ordinary classes in every layout.
import { describe, expect, it } from 'vitest';
import { buildManifest, countManifest } from '../../../src/core/layout';
import type { FileEntry } from '../../../src/core/types';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;
const entries = (paths: string[]): FileEntry[] => paths.map((path) => ({ path, size: 10 }));
const classes = [...NAMES, 'cat', 'dog'];

describe('prototype-named labels', () => {
  it('are class folders like any other (no split folders)', () => {
    const paths = classes.flatMap((c) => [1, 2, 3, 4, 5].map((n) => `data/${c}/${n}.png`));
    const manifest = buildManifest(entries(paths), new Map());
    expect(manifest.layout).toBe('class-folders');
    expect(manifest.skipped).toEqual([]);
    expect([...manifest.classes].sort()).toEqual([...classes].sort());
    expect(manifest.items).toHaveLength(30);
    const counts = countManifest(manifest);
    expect(manifest.classes.map((_, i) => (counts.train[i] ?? 0) + (counts.test[i] ?? 0))).toEqual(manifest.classes.map(() => 5));
  });

  it('are classes inside train/ and test/ folders', () => {
    const paths = classes.flatMap((c) => [`train/${c}/a.png`, `train/${c}/b.png`, `test/${c}/c.png`]);
    const manifest = buildManifest(entries(paths), new Map());
    expect(manifest.layout).toBe('class-split');
    expect(manifest.skipped).toEqual([]);
    const counts = countManifest(manifest);
    expect(counts.train).toEqual(manifest.classes.map(() => 2));
    expect(counts.test).toEqual(manifest.classes.map(() => 1));
  });

  it('are labels in groundtruth.csv, and folders named after them are not splits', () => {
    const files = entries([...classes.map((c, i) => `train/${i}.png`), 'train/groundtruth.csv', 'test/t0.png', 'test/t1.png', 'test/groundtruth.csv', 'constructor/x.png']);
    const csv = new Map([
      ['train/groundtruth.csv', classes.map((c, i) => `${i}.png,${c}`).join('\n')],
      ['test/groundtruth.csv', 'path,label\nt0.png,__proto__\nt1.png,constructor\n'],
    ]);
    const manifest = buildManifest(files, csv);
    expect(manifest.layout).toBe('csv');
    expect([...manifest.classes].sort()).toEqual([...classes].sort());
    expect(manifest.skipped).toEqual([{ path: 'constructor/x.png', reason: 'outside the train/ and test/ folders' }]);
    const counts = countManifest(manifest);
    expect(counts.train).toEqual(manifest.classes.map(() => 1));
    expect(counts.test[manifest.classes.indexOf('__proto__')]).toBe(1);
    expect(counts.test[manifest.classes.indexOf('constructor')]).toBe(1);
  });
});
