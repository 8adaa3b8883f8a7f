// Reads files out of a zip within a budget: the sizes come from the central directory (zip-directory), an
// entry declaring more than its budget is refused before it is touched, inflation stops as soon as the output
// passes what the entry declared, and the CRC-32 of what came out must match. Large entries inflate in
// pieces with pauses, so the thread that reads them keeps answering.
import { crc32, hex32 } from './crc32';
import { inflateWithin, nextTask } from './bounded-inflate';
import { expansionProblem, formatSize } from './input-budget';
import { findDirectory, localDataOffset, parseDirectory, readZip64End, TAIL_BYTES, type ZipEntry } from './zip-directory';

export type { ZipEntry } from './zip-directory';

/** A Blob, by the part of its shape used here (this layer knows no DOM). */
export interface BlobLike {
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface ZipReader {
  entries: ZipEntry[];
  /** The entry's bytes; throws when past `limit` or corrupt, with a reason to follow its name ("expands to…", "is corrupted…"). */
  read(entry: ZipEntry, limit: number, what: string): Promise<Uint8Array>;
}

/** Opens a zip held in memory, or a Blob read by ranges (only the directory and the entries asked for). */
export async function openZip(data: Uint8Array | BlobLike): Promise<ZipReader> {
  const bytes = data instanceof Uint8Array ? data : undefined;
  const size = data instanceof Uint8Array ? data.length : data.size;
  const range = async (start: number, end: number): Promise<Uint8Array> =>
    bytes ? bytes.subarray(start, Math.min(end, size)) : new Uint8Array(await (data as BlobLike).slice(start, Math.min(end, size)).arrayBuffer());
  let place = findDirectory(await range(Math.max(0, size - TAIL_BYTES), size), size);
  if (place.zip64At !== undefined) place = readZip64End(await range(place.zip64At, place.zip64At + 56), size);
  const entries = parseDirectory(await range(place.offset, place.offset + place.size), place.entries, size);
  return {
    entries,
    async read(entry, limit, what) {
      const problem = expansionProblem(entry.size, limit, what);
      if (problem) throw new Error(problem);
      if (entry.encrypted) throw new Error('is encrypted');
      if (entry.method !== 0 && entry.method !== 8) throw new Error(`is compressed with method ${entry.method}, which cannot be read here (only stored and deflated files)`);
      // The local header's name and extra field may differ in length from the directory's: read a little more.
      const slack = 30 + 1024 + entry.name.length * 4;
      let chunk = await range(entry.localOffset, entry.localOffset + slack + entry.compressedSize);
      const offset = localDataOffset(chunk);
      if (offset === undefined) throw new Error('is corrupt (no local header where the zip\'s directory points)');
      if (offset + entry.compressedSize > chunk.length) chunk = await range(entry.localOffset, entry.localOffset + offset + entry.compressedSize);
      const compressed = chunk.subarray(offset, offset + entry.compressedSize);
      if (compressed.length < entry.compressedSize) throw new Error('is truncated (its data runs past the end of the zip)');
      const out = entry.method === 0 ? compressed.slice() : await inflateWithin(compressed, entry.size).catch((e: unknown) => Promise.reject(new Error(`is corrupt: ${e instanceof Error ? e.message : String(e)}`)));
      if (out.length !== entry.size) throw new Error(`is corrupt: it holds ${formatSize(out.length)} but declares ${formatSize(entry.size)}`);
      const crc = await crcInSlices(out);
      if (crc !== entry.crc) throw new Error(`is corrupted: its CRC-32 is ${hex32(crc)} where the zip says ${hex32(entry.crc)}`);
      return out;
    },
  };
}

async function crcInSlices(bytes: Uint8Array): Promise<number> {
  let crc = 0;
  const step = 16 * 1024 * 1024;
  for (let i = 0; i < bytes.length; i += step) {
    crc = crc32(bytes.subarray(i, i + step), crc);
    if (i + step < bytes.length) await nextTask();
  }
  return crc;
}
