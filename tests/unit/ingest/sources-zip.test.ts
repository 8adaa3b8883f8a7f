import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT_OPTIONS } from '../../../src/core/layout';
import { readManifest } from '../../../src/ingest/scan';
import { sourceFromZip } from '../../../src/ingest/sources';
import { hostile, smallPng, writeZip, zeroDeflate } from '../../support/hostile-inputs';

describe('a dataset zip', () => {
  it('refuses entries whose names climb out, are absolute or drive-lettered, and reports each one; the others are classes', async () => {
    const bytes = writeZip([
      ...hostile.datasetZipSlipItems(),
      { name: 'cat/d.png', data: smallPng(10) }, { name: 'cat/e.png', data: smallPng(20) }, { name: 'dog/f.png', data: smallPng(30) }, { name: 'dog/g.png', data: smallPng(40) },
    ]);
    const source = await sourceFromZip('pets.zip', new Blob([bytes.slice()]));
    expect(source.entries.map((e) => e.path)).toEqual(['cat/d.png', 'cat/e.png', 'dog/f.png', 'dog/g.png']);
    const manifest = await readManifest(source, DEFAULT_LAYOUT_OPTIONS);
    expect(manifest.classes).toEqual(['cat', 'dog']);
    expect(manifest.skipped).toEqual([
      { path: '../../x/cat/a.png', reason: 'refused: "../../x/cat/a.png" climbs out of the archive with ".."' },
      { path: '/abs/cat/b.png', reason: 'refused: "/abs/cat/b.png" is an absolute path' },
      { path: 'C:\\x\\cat\\c.png', reason: 'refused: "C:\\x\\cat\\c.png" is an absolute Windows path' },
    ]);
  });

  it('names a 2 GiB zero-filled entry and its budget instead of unzipping it, and reads the good files beside it', async () => {
    const bytes = writeZip([{ name: 'cat/zeros.png', deflated: zeroDeflate(2 * 1024 ** 3) }, { name: 'cat/ok.png', data: smallPng() }]);
    const source = await sourceFromZip('bomb.zip', new Blob([bytes.slice()]));
    const [bomb, ok] = await source.readMany(['cat/zeros.png', 'cat/ok.png']);
    expect(bomb).toEqual({ error: 'could not be unzipped: it expands to 2 GiB, more than the 256 MiB allowed for one file of a dataset zip' });
    expect(ok).toEqual(smallPng());
    await expect(source.read('cat/zeros.png')).rejects.toThrow('cat/zeros.png: expands to 2 GiB');
  });

  it('refuses a file whose bytes fail their CRC-32', async () => {
    const bytes = hostile.runZipCorrupt().bytes;
    const source = await sourceFromZip('corrupt.zip', bytes);
    const [weights] = await source.readMany(['weights.bin']);
    expect(weights).toMatchObject({ error: expect.stringMatching(/^could not be unzipped: it is corrupted: its CRC-32 is [0-9A-F]{8} where the zip says [0-9A-F]{8}$/) });
  });
});
