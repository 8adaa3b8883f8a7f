// Where files come from: a zip (jszip) or a list of File objects with their relative paths.
// Both become the same thing: core FileEntry list plus a reader by path.
import JSZip from 'jszip';
import { normalizePath } from '../core/layout';
import type { FileEntry } from '../core/types';

export interface FileSource {
  name: string;
  entries: FileEntry[];
  read(path: string): Promise<Uint8Array>;
}

/** A file picked or dropped, with its path inside the chosen folder. */
export interface PathedFile {
  path: string;
  file: Blob;
}

export function sourceFromFiles(name: string, files: readonly PathedFile[]): FileSource {
  const byPath = new Map(files.map((f) => [normalizePath(f.path), f.file]));
  return {
    name,
    entries: [...byPath].map(([path, file]) => ({ path, size: file.size })),
    async read(path) {
      const file = byPath.get(path);
      if (!file) throw new Error(`${path}: no such file`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

export async function sourceFromZip(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<FileSource> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new Error(`${name}: not a readable .zip file (${error instanceof Error ? error.message : String(error)})`);
  }
  const files = new Map<string, JSZip.JSZipObject>();
  zip.forEach((path, entry) => {
    if (!entry.dir) files.set(normalizePath(path), entry);
  });
  return {
    name: name.replace(/\.zip$/i, ''),
    entries: [...files].map(([path, entry]) => ({ path, size: uncompressedSize(entry) })),
    async read(path) {
      const entry = files.get(path);
      if (!entry) throw new Error(`${path}: no such file in the zip`);
      return entry.async('uint8array');
    },
  };
}

function uncompressedSize(entry: JSZip.JSZipObject): number {
  const data = (entry as unknown as { _data?: { uncompressedSize?: number } })._data;
  return data?.uncompressedSize ?? 0;
}
