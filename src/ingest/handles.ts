// Folders the browser gives as handles (a drop in Chromium, showDirectoryPicker): walked and read in the ingest
// worker, so the page neither makes a File per image nor sends thousands of them across. The handle types are
// described by shape: the page's DOM types and the worker's agree on them, and tests can fake them.
import { comparePaths, isSystemFile, normalizePath } from '../core/layout';
import { readError } from './sources';

export interface FileHandleLike { kind: 'file'; name: string; getFile(): Promise<File> }
export interface DirectoryHandleLike {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<FileHandleLike | DirectoryHandleLike>;
  getDirectoryHandle?(name: string): Promise<DirectoryHandleLike>;
  getFileHandle?(name: string): Promise<FileHandleLike>;
}
export type HandleLike = FileHandleLike | DirectoryHandleLike;

export interface FoundFile {
  /** Starts with the dropped or picked folder's own name, like `webkitRelativePath`. */
  path: string;
  handle: FileHandleLike;
  /** The path as listed (the names joined by '/', before normalizing), to find the file again by path. */
  listed?: string;
}

/**
 * Every file below `handles`, sorted by path; system files and folders (`.git/`, `__MACOSX/`) are not entered.
 * Folders are listed in parallel; `onFound` hears the running count.
 */
export async function walkHandles(handles: readonly HandleLike[], onFound?: (count: number) => void): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const walk = async (handle: HandleLike, prefix: string, listedPrefix: string): Promise<void> => {
    const path = normalizePath(prefix + handle.name);
    const listed = listedPrefix + handle.name;
    if (isSystemFile(path)) return;
    if (handle.kind === 'file') {
      found.push({ path, handle, listed });
      if (found.length % 500 === 0) onFound?.(found.length);
      return;
    }
    const children: HandleLike[] = [];
    try {
      for await (const child of handle.values()) children.push(child);
    } catch (error) {
      throw new Error(`${path}/: this folder could not be read (${readError(error)})`);
    }
    await Promise.all(children.map((child) => walk(child, `${path}/`, `${listed}/`)));
  };
  await Promise.all(handles.map((handle) => walk(handle, '', '')));
  onFound?.(found.length);
  return found.sort(comparePaths);
}

/**
 * The files at `paths` below `handles`, when the walk was done elsewhere: the page lists a dropped folder through
 * its entries (collect.ts) in a second or so for 100,000 files, where listing it here made a handle per file that
 * held about 480 MB until the import ended. Each file is got through its folder only when it is read. `paths` are
 * the files' names joined by '/', from the top handle's own name. Undefined where the handles cannot be used so
 * (two dropped items of one name, or a browser without getFileHandle): the caller walks them instead.
 */
export function foundByPath(handles: readonly HandleLike[], paths: readonly string[]): FoundFile[] | undefined {
  const tops = new Map<string, HandleLike>();
  for (const handle of handles) {
    if (tops.has(handle.name) || (handle.kind === 'directory' && !(handle.getDirectoryHandle && handle.getFileHandle))) return undefined;
    tops.set(handle.name, handle);
  }
  const folders = new Map<string, Promise<DirectoryHandleLike>>();
  const folderAt = (path: string): Promise<DirectoryHandleLike> => {
    let folder = folders.get(path);
    if (!folder) {
      const cut = path.lastIndexOf('/');
      const name = path.slice(cut + 1);
      folder = cut < 0 ? Promise.resolve(asDirectory(tops.get(name), path)) : folderAt(path.slice(0, cut)).then((parent) => (parent.getDirectoryHandle as (n: string) => Promise<DirectoryHandleLike>)(name));
      folders.set(path, folder);
    }
    return folder;
  };
  const fileAt = async (path: string): Promise<File> => {
    const cut = path.lastIndexOf('/');
    if (cut < 0) {
      const top = tops.get(path);
      if (top?.kind !== 'file') throw new Error(`${path} is not among the dropped files`);
      return top.getFile();
    }
    const folder = await folderAt(path.slice(0, cut));
    return (await (folder.getFileHandle as (n: string) => Promise<FileHandleLike>)(path.slice(cut + 1))).getFile();
  };
  const found: FoundFile[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    if (isSystemFile(path)) continue;
    found.push({ path, listed: raw, handle: { kind: 'file', name: raw.slice(raw.lastIndexOf('/') + 1), getFile: () => fileAt(raw) } });
  }
  return found.sort(comparePaths);
}

function asDirectory(handle: HandleLike | undefined, path: string): DirectoryHandleLike {
  if (handle?.kind !== 'directory') throw new Error(`${path}/ is not among the dropped folders`);
  return handle;
}

/** Where `getFiles` puts what it gets: the files of one part, and each file it could not get. */
export interface FileSink {
  add(paths: string[], files: File[]): void;
  fail(path: string, reason: string): void;
  /** False once nobody wants the files any more (the import ended or the preview was closed). */
  wanted(): boolean;
}

/** Parts in flight at once: each is one batch of `getFile` calls, then one joined read. */
const PARTS_IN_FLIGHT = 16;

/** Gets the files of `found` in parts of `part`, in `order` (indices into `found`); one failure fails one file. */
export async function getFiles(found: readonly FoundFile[], order: readonly number[], sink: FileSink, part = 256): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < order.length && sink.wanted()) {
      const indices = order.slice(next, (next += part));
      const got = await Promise.all(indices.map((i) => (found[i] as FoundFile).handle.getFile().catch((error: unknown) => new Error(readError(error)))));
      if (!sink.wanted()) return;
      const paths: string[] = [];
      const files: File[] = [];
      got.forEach((file, k) => {
        const path = (found[indices[k] as number] as FoundFile).path;
        if (file instanceof Error) sink.fail(path, `could not be read (${file.message})`);
        else {
          paths.push(path);
          files.push(file);
        }
      });
      if (paths.length) sink.add(paths, files);
    }
  };
  await Promise.all(Array.from({ length: PARTS_IN_FLIGHT }, lane));
}
