import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/core/crc32';
import { GiB, MiB } from '../../../src/core/input-budget';
import { inflateWithin } from '../../../src/core/bounded-inflate';
import { openZip } from '../../../src/core/zip-reader';
import { hostile, writeZip, zeroDeflate } from '../../support/hostile-inputs';

const text = (s: string) => new TextEncoder().encode(s);

describe('reading a zip within a budget', () => {
  it('reads deflated and stored entries back byte for byte, from memory and from a Blob', async () => {
    const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251);
    const bytes = writeZip([{ name: 'a/b.bin', data }, { name: 'c.txt', data: text('hello') }]);
    for (const source of [bytes, new Blob([bytes.slice()])]) {
      const zip = await openZip(source);
      expect(zip.entries.map((e) => [e.name, e.size])).toEqual([['a/b.bin', 300_000], ['c.txt', 5]]);
      expect(await zip.read(zip.entries[0]!, MiB, 'a test file')).toEqual(data);
      expect(new TextDecoder().decode(await zip.read(zip.entries[1]!, MiB, 'a test file'))).toBe('hello');
    }
  });

  it('refuses a 2 GiB zero-filled entry (2 MiB on disk) from its declared size, before inflating any of it', async () => {
    const { bytes } = hostile.datasetZipBomb();
    expect(bytes.length).toBeLessThan(3 * MiB);
    const zip = await openZip(bytes);
    expect(zip.entries[0]?.size).toBe(2 * GiB);
    await expect(zip.read(zip.entries[0]!, 256 * MiB, 'one file of a dataset zip')).rejects.toThrow('expands to 2 GiB, more than the 256 MiB allowed for one file of a dataset zip');
  });

  it('reads the sizes of a 4 GiB entry from its zip64 fields instead of wrapping them to 0', async () => {
    const zip = await openZip(hostile.runZip4GiB().bytes);
    const weights = zip.entries.find((e) => e.name === 'weights.bin')!;
    expect(weights.size).toBe(4 * GiB);
    await expect(zip.read(weights, 512 * MiB, 'one file of a run')).rejects.toThrow('expands to 4 GiB, more than the 512 MiB allowed for one file of a run');
  });

  it('stops inflating an entry that lies about its size as soon as it passes what it declared', async () => {
    const bomb = zeroDeflate(64 * MiB);
    const lying = writeZip([{ name: 'small.png', deflated: { ...bomb, size: 1000 } }]);
    const zip = await openZip(lying);
    await expect(zip.read(zip.entries[0]!, MiB, 'one file')).rejects.toThrow('is corrupt: its data expands past the 1000 bytes it declares');
    await expect(inflateWithin(bomb.deflated, 1000)).rejects.toThrow('its data expands past the 1000 bytes it declares');
  });

  it('refuses an entry whose bytes do not match its CRC-32', async () => {
    const zip = await openZip(hostile.runZipCorrupt().bytes);
    const weights = zip.entries.find((e) => e.name === 'weights.bin')!;
    await expect(zip.read(weights, MiB, 'one file')).rejects.toThrow(/^is corrupted: its CRC-32 is [0-9A-F]{8} where the zip says [0-9A-F]{8}$/);
  });

  it('says a file that is not a zip is not one', async () => {
    await expect(openZip(text('<!DOCTYPE html>'))).rejects.toThrow('not a zip file (no end of central directory record)');
  });

  it('computes the standard CRC-32, also in pieces', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(text('6789'), crc32(text('12345')))).toBe(0xcbf43926);
    const data = Uint8Array.from({ length: 5000 }, (_, i) => i & 255);
    expect(crc32(data)).toBe(crc32(data.subarray(2000), crc32(data.subarray(0, 2000))));
  });
});
