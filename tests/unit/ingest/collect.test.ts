import { describe, expect, it } from 'vitest';
import { inputsFromDrop, inputsFromFileList, type DroppedItemLike } from '../../../src/ingest/collect';

const file = (name: string, body = 'x') => new File([body], name);

/** A directory entry like Chromium's for a drop: readEntries hands out at most 100 entries a call. */
function dirEntry(name: string, path: string, children: object[]): object {
  return {
    isFile: false, isDirectory: true, name, fullPath: path,
    createReader() {
      let at = 0;
      return { readEntries: (ok: (e: object[]) => void) => queueMicrotask(() => ok(children.slice(at, (at += 100)))) };
    },
  };
}
const fileEntry = (f: File, path: string) => ({ isFile: true, isDirectory: false, name: f.name, fullPath: path, file: (ok: (x: File) => void) => ok(f) });
const item = (entry: object): DroppedItemLike => ({ kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => entry as ReturnType<NonNullable<DroppedItemLike['webkitGetAsEntry']>> });

describe('inputsFromDrop', () => {
  it('reads folders past the first 100 entries, joins several dropped folders into one input, and keeps each zip apart', async () => {
    const train = Array.from({ length: 250 }, (_, i) => fileEntry(file(`${i}.png`), `/train/${i}.png`));
    const test = [fileEntry(file('a.png'), '/test/a.png'), fileEntry(file('.DS_Store'), '/test/.DS_Store')];
    const zip = file('more.zip');
    const inputs = await inputsFromDrop([
      item(dirEntry('train', '/train', train)),
      item(dirEntry('test', '/test', test)),
      { kind: 'file', getAsFile: () => zip },
      { kind: 'string', getAsFile: () => null },
    ]);
    expect(inputs.map((i) => [i.kind, i.name])).toEqual([['packed', '2 dropped items'], ['zip', 'more']]);
    const packed = inputs[0];
    if (packed?.kind !== 'packed') throw new Error('expected a packed folder');
    expect(packed.packed.paths).toHaveLength(251);
    expect(packed.packed.paths).toContain('test/a.png');
    expect(packed.packed.paths).toContain('train/249.png');
  });
});

describe('inputsFromDrop with file system handles', () => {
  it('hands dropped folders to the worker as handles, unwalked, and opens each dropped zip as its own input', async () => {
    const walked: string[] = [];
    const folder = { kind: 'directory' as const, name: 'pets', values: () => (walked.push('pets'), (async function* () {})()) };
    const zip = file('more.zip');
    const zipHandle = { kind: 'file' as const, name: 'more.zip', getFile: async () => zip };
    const handleItem = (handle: object): DroppedItemLike => ({ kind: 'file', getAsFile: () => null, getAsFileSystemHandle: async () => handle as never });
    const inputs = await inputsFromDrop([handleItem(folder), handleItem(zipHandle)]);
    expect(inputs).toEqual([{ kind: 'handles', name: 'pets', handles: [folder] }, { kind: 'zip', name: 'more', file: zip }]);
    expect(walked).toEqual([]);
    const two = await inputsFromDrop([handleItem(folder), handleItem({ ...folder, name: 'more-pets' })]);
    expect(two.map((i) => [i.kind, i.name])).toEqual([['handles', '2 dropped items']]);
  });
});

describe('inputsFromDrop with both handles and entries', () => {
  it('lists the dropped folder through its entries (past 100 a folder, without system folders) and hands the handle over unwalked', async () => {
    const walked: string[] = [];
    const handle = { kind: 'directory' as const, name: 'pets', values: () => (walked.push('pets'), (async function* () {})()) };
    const cats = Array.from({ length: 150 }, (_, i) => fileEntry(file(`${i}.png`), `/pets/cat/${i}.png`));
    const entry = dirEntry('pets', '/pets', [
      dirEntry('cat', '/pets/cat', cats),
      dirEntry('dog', '/pets/dog', [fileEntry(file('a b.png'), '/pets/dog/a b.png')]),
      dirEntry('.git', '/pets/.git', [fileEntry(file('HEAD'), '/pets/.git/HEAD')]),
      fileEntry(file('.DS_Store'), '/pets/.DS_Store'),
    ]);
    const both = (broken = false): DroppedItemLike => ({
      kind: 'file', getAsFile: () => null, getAsFileSystemHandle: async () => handle as never,
      webkitGetAsEntry: () => (broken ? { ...entry, createReader: () => ({ readEntries: (_: unknown, fail: (e: unknown) => void) => fail(new Error('gone')) }) } : entry) as never,
    });
    const [input] = await inputsFromDrop([both()]);
    if (input?.kind !== 'handles') throw new Error('expected handles');
    expect(input.handles).toEqual([handle]);
    expect(input.paths).toHaveLength(151);
    expect(input.paths).toContain('pets/cat/149.png');
    expect(input.paths).toContain('pets/dog/a b.png');
    expect(input.paths?.some((p) => p.includes('.git') || p.includes('.DS_Store'))).toBe(false);
    expect(walked).toEqual([]);
    // A folder its entries cannot list: the worker walks the handle instead.
    const [fallback] = await inputsFromDrop([both(true)]);
    expect(fallback).toEqual({ kind: 'handles', name: 'pets', handles: [handle] });
  });
});

describe('inputsFromFileList', () => {
  it('keeps the folder name from webkitRelativePath, and treats picked zips as their own inputs', () => {
    const inFolder = file('1.png');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'pets/cat/1.png' });
    const inputs = inputsFromFileList([inFolder, file('b.zip')]);
    expect(inputs.map((i) => [i.kind, i.name])).toEqual([['packed', 'pets'], ['zip', 'b']]);
  });
});
