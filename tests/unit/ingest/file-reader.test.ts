import 'fake-indexeddb/auto';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { FileReaders, listPaths, readPart, type ReadAnswer, type ReaderWorker, type ReadRequest } from '../../../src/ingest/file-reader';
import { IngestService } from '../../../src/ingest/ingest-service';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { loadDigits } from '../../support/digits';
import { dirHandle, fileHandle, FakeWorker, unwalkable } from './fakes';

/** A reader worker run in this thread: answers with readPart and listPaths, or fails to start. */
class FakeReader extends FakeWorker<ReadRequest> implements ReaderWorker {
  lists = 0;
  protected answer(request: ReadRequest, reply: (data: ReadAnswer) => void): void {
    const { id, handles } = request;
    if ('list' in request) {
      this.lists++;
      return void listPaths(handles, (found) => reply({ id, found })).then((listed) => reply({ id, listed }));
    }
    readPart(handles, request.paths).then((part) => reply({ id, part }), (error: unknown) => reply({ id, error: String(error) }));
  }
}

describe('readPart', () => {
  it('reads the listed files into one buffer in path order and names each file it cannot get', async () => {
    const top = dirHandle('d', [dirHandle('x', [fileHandle('b.png', 'BB'), fileHandle('a.png', 'A'), fileHandle('gone.png', 'G', true)])]);
    const part = await readPart([top], ['d/x/b.png', 'd/x/a.png', 'd/x/gone.png', 'd/x/missing.png']);
    expect(part.paths).toEqual(['d/x/a.png', 'd/x/b.png']);
    expect(part.sizes).toEqual([1, 2]);
    expect(new TextDecoder().decode(part.bytes)).toBe('ABB');
    expect(part.failures.map(([path]) => path).sort()).toEqual(['d/x/gone.png', 'd/x/missing.png']);
    expect(part.failures[0]?.[1]).toMatch(/^could not be read \(A requested file/);
  });
});

describe('FileReaders', () => {
  const top = dirHandle('d', Array.from({ length: 6 }, (_, i) => fileHandle(`${i}.png`, String(i))));
  const paths = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `d/${from + i}.png`);

  it('starts a new reader every few files and ends each old one once it has answered', async () => {
    const started: FakeReader[] = [];
    const readers = new FileReaders(() => (started.push(new FakeReader()), started.at(-1) as FakeReader), [top], 2);
    const parts = await Promise.all([readers.read(paths(0, 2)), readers.read(paths(2, 4)), readers.read(paths(4, 6))]);
    expect(parts.map((p) => new TextDecoder().decode(p.bytes))).toEqual(['01', '23', '45']);
    expect(started).toHaveLength(3);
    expect(started.map((r) => r.terminated)).toEqual([true, true, false]);
    readers.close();
    expect(started[2]?.terminated).toBe(true);
    await expect(readers.read(paths(0, 1))).rejects.toThrow('the import ended');
  });

  it('fails the parts of a reader that stops, and starts another for the next part', async () => {
    const started: FakeReader[] = [];
    const readers = new FileReaders(() => (started.push(new FakeReader(started.length === 0)), started.at(-1) as FakeReader), [top], 100);
    await expect(readers.read(paths(0, 2))).rejects.toThrow('the file reader stopped (failed to load)');
    expect(new TextDecoder().decode((await readers.read(paths(2, 3))).bytes)).toBe('2');
    expect(started).toHaveLength(2);
  });
});

describe('IngestService reading a dropped folder by path', () => {
  const digits = loadDigits(6);
  const png = (pixels: Uint8Array) => new Uint8Array(encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }));
  const folder = () => dirHandle('digits', Array.from({ length: 10 }, (_, label) => dirHandle(String(label),
    digits.flatMap((d, i) => (d.label === label ? [fileHandle(`${String(i).padStart(3, '0')}.png`, png(d.pixels) as BlobPart, i === 7)] : [])))));
  const paths = digits.map((d, i) => `digits/${d.label}/${String(i).padStart(3, '0')}.png`);

  it('lists a picked folder (no paths from the page) in a reader worker, then reads it by path', async () => {
    const store = new DatasetStore(await openTrainyardDB('file-reader-test-picked'));
    const started: FakeReader[] = [];
    const service = new IngestService(async () => store, async () => undefined, async () => new ArrayBuffer(0), () => (started.push(new FakeReader()), started.at(-1) as FakeReader), () => true);
    const classes = Array.from({ length: 10 }, (_, label) => dirHandle(String(label),
      digits.flatMap((d, i) => (d.label === label ? [fileHandle(`${String(i).padStart(3, '0')}.png`, png(d.pixels) as BlobPart, i === 7)] : []))));
    const found: number[] = [];
    const preview = await service.scan({ kind: 'handles', name: 'digits', handles: [dirHandle('digits', classes)] }, { testRatio: 0.2, seed: 1 }, 64, (p) => found.push(p.found));
    expect(preview).toMatchObject({ images: 59, files: 60 });
    expect(started[0]?.lists).toBe(1);
    expect(started[0]?.terminated).toBe(true);
    expect(found).toContain(60);
    const result = await service.ingest({ name: 'digits', size: { width: 28, height: 28 }, policy: 'letterbox' }, () => {});
    expect(result.dataset.report.images).toBe(59);
    expect(result.dataset.report.skipped.map((s) => s.path)).toEqual(['digits/7/007.png']);
  });

  for (const [how, broken] of [['through reader workers', false], ['here when no reader can start', true]] as const) {
    it(`imports the dataset ${how}`, async () => {
      const store = new DatasetStore(await openTrainyardDB(`file-reader-test-${broken}`));
      const started: FakeReader[] = [];
      const service = new IngestService(async () => store, async () => undefined, async () => new ArrayBuffer(0), () => (started.push(new FakeReader(broken)), started.at(-1) as FakeReader), () => true);
      await service.scan({ kind: 'handles', name: 'digits', handles: [unwalkable(folder())], paths }, { testRatio: 0.2, seed: 1 }, 64);
      const result = await service.ingest({ name: 'digits', size: { width: 28, height: 28 }, policy: 'letterbox' }, () => {});
      expect(result.dataset.report.images).toBe(59);
      expect(result.dataset.report.skipped.map((s) => s.path)).toEqual(['digits/7/007.png']);
      expect(result.dataset.bytes).toBe(59 * 784);
      expect(started.length).toBeGreaterThan(0);
      // The import's end ends its readers.
      expect(started.every((r) => r.terminated)).toBe(true);
    });
  }
});
