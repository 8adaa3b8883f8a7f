// Where files come from, as the ingest worker sees them: a packed folder (one Blob holding every picked or
// dropped file back to back, so 10,000 files cross to the worker as one object and are read in a few large
// slices instead of 10,000 small reads), a zip (jszip), or a plain list of blobs (tests).
import JSZip from 'jszip';
import { isSystemFile, normalizePath } from '../core/layout';
import type { FileEntry } from '../core/types';

/** A file read, or the reason it could not be read. */
export type ReadResult = Uint8Array | { error: string };

export interface FileSource {
  name: string;
  entries: FileEntry[];
  read(path: string): Promise<Uint8Array>;
  /** Reads several files; one unreadable file does not fail the others. */
  readMany(paths: readonly string[]): Promise<ReadResult[]>;
}

/** A file picked or dropped, with its path inside what the user gave us. */
export interface PathedFile {
  path: string;
  file: Blob;
}

/** Files packed for the trip to the worker: `blob` is every file back to back, in `paths` order. */
export interface PackedFiles {
  name: string;
  paths: string[];
  sizes: number[];
  blob: Blob;
}

/** Packs files on the main thread; system files are dropped here so they never cost a read. */
export function packFiles(name: string, files: readonly PathedFile[]): PackedFiles {
  const kept = files.filter((f) => !isSystemFile(f.path));
  return { name, paths: kept.map((f) => normalizePath(f.path)), sizes: kept.map((f) => f.file.size), blob: new Blob(kept.map((f) => f.file)) };
}

export function sourceFromPacked(packed: PackedFiles): FileSource {
  const offsets = new Map<string, { start: number; size: number }>();
  let at = 0;
  packed.paths.forEach((path, i) => {
    const size = packed.sizes[i] ?? 0;
    if (!offsets.has(path)) offsets.set(path, { start: at, size });
    at += size;
  });
  const where = (path: string) => {
    const found = offsets.get(path);
    if (!found) throw new Error(`${path}: no such file`);
    return found;
  };
  const readOne = async (path: string) => {
    const { start, size } = where(path);
    return new Uint8Array(await packed.blob.slice(start, start + size).arrayBuffer());
  };
  return {
    name: packed.name,
    entries: [...offsets].map(([path, { size }]) => ({ path, size })),
    read: readOne,
    async readMany(paths) {
      const spans = paths.map(where);
      const first = Math.min(...spans.map((s) => s.start));
      const last = Math.max(...spans.map((s) => s.start + s.size));
      // Files picked together sit together in the blob: one read covers the batch when it is contiguous enough.
      if (last - first <= 2 * spans.reduce((n, s) => n + s.size, 0) + 65536) {
        try {
          const all = new Uint8Array(await packed.blob.slice(first, last).arrayBuffer());
          return spans.map((s) => all.subarray(s.start - first, s.start - first + s.size));
        } catch {
          // one file changed or vanished since it was picked: read them one by one to name it
        }
      }
      return Promise.all(paths.map((p) => readOne(p).catch((e: unknown) => ({ error: `could not be read (${readError(e)})` }))));
    },
  };
}

export function sourceFromFiles(name: string, files: readonly PathedFile[]): FileSource {
  const packed = packFiles(name, files);
  return sourceFromPacked(packed);
}

export async function sourceFromZip(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<FileSource> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new Error(`${name}: not a readable .zip file (${readError(error)})`);
  }
  const files = new Map<string, JSZip.JSZipObject>();
  zip.forEach((path, entry) => {
    if (!entry.dir && !isSystemFile(path)) files.set(normalizePath(path), entry);
  });
  const read = async (path: string) => {
    const entry = files.get(path);
    if (!entry) throw new Error(`${path}: no such file in the zip`);
    return entry.async('uint8array');
  };
  return {
    name: name.replace(/\.zip$/i, ''),
    entries: [...files].map(([path, entry]) => ({ path, size: uncompressedSize(entry) })),
    read,
    readMany: (paths) => Promise.all(paths.map((p) => read(p).catch((e: unknown) => ({ error: `could not be unzipped (${readError(e)})` })))),
  };
}

function readError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function uncompressedSize(entry: JSZip.JSZipObject): number {
  // jszip keeps the size from the central directory on a private field; it is only used for the preview.
  const data = (entry as unknown as { _data?: { uncompressedSize?: number } })._data;
  return data?.uncompressedSize ?? 0;
}
