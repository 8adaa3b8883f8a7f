import 'fake-indexeddb/auto';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { foundByPath, getFiles, walkHandles, type DirectoryHandleLike, type FoundFile } from '../../../src/ingest/handles';
import { IngestService, type FilesProgress } from '../../../src/ingest/ingest-service';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { loadDigits } from '../../support/digits';
import { dirHandle, fileHandle, unwalkable } from './fakes';

describe('walkHandles', () => {
  it('finds every file below the handles with its path from the top folder, sorted, without entering system folders', async () => {
    const counts: number[] = [];
    const found = await walkHandles([
      dirHandle('pets', [
        dirHandle('dog', [fileHandle('2.png', 'b'), fileHandle('.DS_Store', 'x')]),
        dirHandle('cat', [fileHandle('1.png', 'a')]),
        dirHandle('__MACOSX', [dirHandle('cat', [fileHandle('._1.png', 'x')])]),
        dirHandle('.git', [fileHandle('HEAD', 'x')]),
      ]),
      fileHandle('loose.png', 'c'),
    ], (n) => counts.push(n));
    expect(found.map((f) => f.path)).toEqual(['loose.png', 'pets/cat/1.png', 'pets/dog/2.png']);
    expect(counts.at(-1)).toBe(3);
  });

  it('names a folder that cannot be listed', async () => {
    const locked: DirectoryHandleLike = {
      kind: 'directory', name: 'locked',
      values: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new DOMException('The request is not allowed.', 'NotAllowedError')) }) }),
    };
    await expect(walkHandles([dirHandle('data', [locked])])).rejects.toThrow('data/locked/: this folder could not be read (The request is not allowed.)');
  });
});

describe('foundByPath', () => {
  it('gets each listed file through its folders, sorted and without system files, and names what cannot be had', async () => {
    const top = unwalkable(dirHandle('pets', [dirHandle('cat', [fileHandle('1.png', 'one')]), dirHandle('dog', [fileHandle('2.png', 'two')])]));
    const found = foundByPath([top, fileHandle('loose.png', 'L')], ['pets/dog/2.png', 'pets/cat/1.png', 'loose.png', 'pets/.git/HEAD', 'pets/cow/3.png']);
    expect(found?.map((f) => f.path)).toEqual(['loose.png', 'pets/cat/1.png', 'pets/cow/3.png', 'pets/dog/2.png']);
    const got: string[] = [];
    const failed: string[] = [];
    await getFiles(found as FoundFile[], [0, 1, 2, 3], { add: (_, files) => files.forEach((f) => got.push(f.name)), fail: (p) => failed.push(p), wanted: () => true });
    expect(got.sort()).toEqual(['1.png', '2.png', 'loose.png']);
    expect(failed).toEqual(['pets/cow/3.png']);
    expect(await (found as FoundFile[])[1]?.handle.getFile().then((f) => f.text())).toBe('one');
  });

  it('declines two dropped items of one name, and folders without getFileHandle', () => {
    expect(foundByPath([dirHandle('a', []), dirHandle('a', [])], ['a/x.png'])).toBeUndefined();
    expect(foundByPath([{ kind: 'directory', name: 'a', values: dirHandle('a', []).values }], ['a/x.png'])).toBeUndefined();
  });
});

describe('getFiles', () => {
  it('gets files in parts in the given order, fails only the files that cannot be had, and stops when no longer wanted', async () => {
    const found = await walkHandles([dirHandle('d', [fileHandle('a.png', 'A'), fileHandle('b.png', 'B', true), fileHandle('c.png', 'C'), fileHandle('e.png', 'E')])]);
    const parts: string[][] = [];
    const failed: [string, string][] = [];
    await getFiles(found, [3, 2, 1, 0], { add: (paths) => parts.push(paths), fail: (p, r) => failed.push([p, r]), wanted: () => true }, 2);
    expect(parts.flat().sort()).toEqual(['d/a.png', 'd/c.png', 'd/e.png']);
    expect(parts).toContainEqual(['d/e.png', 'd/c.png']);
    expect(failed).toEqual([['d/b.png', 'could not be read (A requested file or directory could not be found at the time an operation was processed.)']]);

    const after: string[][] = [];
    await getFiles(found, [0, 1, 2, 3], { add: (paths) => after.push(paths), fail: () => {}, wanted: () => after.length === 0 }, 1);
    expect(after.length).toBeLessThan(4);
  });
});

describe('IngestService with a folder given as handles', () => {
  it('previews and imports real digits read in the worker, and reports a file that vanished after the drop', async () => {
    const digits = loadDigits(6);
    const png = (pixels: Uint8Array) => new Uint8Array(encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }));
    const byClass = Array.from({ length: 10 }, (_, label) => dirHandle(String(label),
      digits.flatMap((d, i) => (d.label === label ? [fileHandle(`${String(i).padStart(3, '0')}.png`, png(d.pixels) as BlobPart, i === 7)] : []))));
    const store = new DatasetStore(await openTrainyardDB('handles-test'));
    const service = new IngestService(async () => store, async () => undefined, async () => new ArrayBuffer(0));
    const progress: FilesProgress[] = [];

    const preview = await service.scan({ kind: 'handles', name: 'digits', handles: [dirHandle('digits', byClass)] }, { testRatio: 0.2, seed: 1 }, 64, (p) => progress.push(p));
    // The preview read every file of a folder this small: the one that vanished is already out of its count.
    expect(preview).toMatchObject({ name: 'digits', layout: 'class-folders', images: 59, unchecked: 0, files: 60, suggestedSize: { width: 28, height: 28 } });
    expect(preview.classes).toHaveLength(10);
    expect(preview.skipped.map((s) => s.path)).toEqual(['digits/7/007.png']);

    const result = await service.ingest({ name: 'digits', size: { width: 28, height: 28 }, policy: 'letterbox' }, () => {});
    expect(result.dataset.report.images).toBe(59);
    expect(result.dataset.report.skipped).toEqual([
      { path: 'digits/7/007.png', reason: 'could not be read (A requested file or directory could not be found at the time an operation was processed.)' },
    ]);
    expect(result.dataset.bytes).toBe(59 * 784);
    expect(progress.at(-1)).toEqual({ found: 60, received: 60 });

    // The same folder with its paths listed on the page (its entries): nothing is walked here, and the import is the same.
    const paths = byClass.flatMap((folder) => digits.flatMap((_, i) => (folder.name === String(digits[i]?.label) ? [`digits/${folder.name}/${String(i).padStart(3, '0')}.png`] : [])));
    await store.delete(result.datasetId);
    const byPath = new IngestService(async () => store, async () => undefined, async () => new ArrayBuffer(0), undefined, () => true);
    const listed = await byPath.scan({ kind: 'handles', name: 'digits', handles: [unwalkable(dirHandle('digits', byClass))], paths }, { testRatio: 0.2, seed: 1 }, 64);
    expect(listed).toMatchObject({ images: 59, files: 60 });
    const again = await byPath.ingest({ name: 'digits', size: { width: 28, height: 28 }, policy: 'letterbox' }, () => {});
    expect(again.datasetId).toBe(result.datasetId);
    expect(again.dataset.report.skipped.map((s) => s.path)).toEqual(['digits/7/007.png']);
  });
});
