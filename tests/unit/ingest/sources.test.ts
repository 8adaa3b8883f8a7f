import { describe, expect, it } from 'vitest';
import { arrivingFolder, joinFiles } from '../../../src/ingest/sources';

const blob = (text: string) => new Blob([text]);
const text = (bytes: unknown) => (bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : bytes);

describe('arrivingFolder', () => {
  it('answers reads once their part arrives, from one joined read, and names files that never came', async () => {
    const folder = arrivingFolder('f', ['a.png', 'b.png', 'c.png']);
    expect(folder.source.isReady?.('a.png')).toBe(false);
    const pending = folder.source.readMany(['b.png', 'a.png']);
    folder.add(joinFiles(['a.png'], [blob('AAA')]));
    folder.add(joinFiles(['b.png'], [blob('BB')], true));
    expect((await pending).map(text)).toEqual(['BB', 'AAA']);
    const late = folder.source.readMany(['c.png']);
    folder.finish();
    expect(await late).toEqual([{ error: 'c.png never reached the import (the page stopped handing files over)' }]);
  });

  it('lets go of the files the import is done with, keeping the rest of their part readable', async () => {
    const folder = arrivingFolder('f', ['a.png', 'b.png']);
    folder.add(joinFiles(['a.png', 'b.png'], [blob('AAA'), blob('BB')], true));
    folder.finish();
    folder.source.release?.(['a.png']);
    expect((await folder.source.readMany(['a.png', 'b.png'])).map(text)).toEqual([{ error: 'a.png never reached the import (the page stopped handing files over)' }, 'BB']);
  });

  it('gets files that have not arrived when a read wants them, once on demand is set, and only those', async () => {
    const folder = arrivingFolder('f', ['a.png', 'b.png', 'c.png']);
    const asked: string[][] = [];
    folder.onDemand(async (paths) => {
      asked.push(paths);
      if (paths.includes('b.png')) folder.add(joinFiles(['b.png'], [blob('BB')]));
      if (paths.includes('c.png')) folder.fail('c.png', 'could not be read (gone)');
    });
    folder.finish();
    expect((await folder.source.readMany(['b.png', 'c.png'])).map(text)).toEqual(['BB', { error: 'could not be read (gone)' }]);
    expect(await folder.source.readMany(['b.png'])).toHaveLength(1);
    expect(asked).toEqual([['b.png', 'c.png']]);
  });
});
