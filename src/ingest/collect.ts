// Turns what the user gave us on the page (dropped items, a picked folder, picked files) into ingest inputs:
// every loose file and folder together becomes one folder, each .zip its own input. Folders given as handles
// go to the worker as they are (it walks and reads them); the others are packed here. Runs on the main thread;
// the browser types it needs are described by shape, so this module also compiles for workers.
import { countOf } from '../core/format';
import { isSystemFile } from '../core/layout';
import type { DirectoryHandleLike, HandleLike } from './handles';
import { packFiles, type PackedFiles, type PathedFile } from './sources';

export type IngestInput =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'zip'; file: Blob; name: string }
  | { kind: 'packed'; packed: PackedFiles; name: string }
  /** Files already handed to the worker in parts (see IngestService.stage). */
  | { kind: 'staged'; name: string }
  /**
   * Folders and files as the browser's handles (structured-cloneable): the worker reads them, and walks them unless
   * `paths` (every file's names from the top item, joined by '/') came from walking their entries here.
   */
  | { kind: 'handles'; handles: HandleLike[]; name: string; paths?: string[] };

interface EntryLike { isFile: boolean; isDirectory: boolean; name: string; fullPath: string }
interface FileEntryLike extends EntryLike { file(ok: (file: File) => void, fail: (error: unknown) => void): void }
interface DirectoryEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (error: unknown) => void): void };
}

/** The parts of a `DataTransferItem` we use; `getAsFileSystemHandle` exists only in some browsers. */
export interface DroppedItemLike {
  kind: string;
  getAsFile(): File | null;
  webkitGetAsEntry?(): EntryLike | null;
  getAsFileSystemHandle?(): Promise<HandleLike | null>;
}

interface Collected { files: PathedFile[]; zips: File[] }

/**
 * Reads dropped items. Must be called synchronously inside the drop event: the browser empties the item
 * list once the event returns, so every handle, entry and file is taken before the first await.
 */
export async function inputsFromDrop(items: ArrayLike<DroppedItemLike>): Promise<IngestInput[]> {
  const taken = Array.from(items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ handle: item.getAsFileSystemHandle?.(), entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }));
  const read = await Promise.all(taken.map(async ({ handle, entry, file }): Promise<Dropped | Collected> => {
    const h = await handle;
    if (h?.kind === 'file' && isZip(h.name)) return { files: [], zips: [await h.getFile()] };
    return h ? { handle: h, entry } : entry ? fromEntry(entry) : fromFile(file);
  }));
  const dropped = read.filter((r): r is Dropped => 'handle' in r);
  const inputs = handleInputs(dropped.map((d) => d.handle));
  const paths = await entryPaths(dropped);
  for (const input of inputs) if (input.kind === 'handles' && paths) input.paths = paths;
  return [...inputs, ...toInputs(merge(read.filter((r): r is Collected => !('handle' in r))))];
}

/** A dropped item as a handle, with its entry where the browser gives both. */
interface Dropped { handle: HandleLike; entry: EntryLike | null }

/**
 * The path of every file below the dropped items, listed through their entries: in Chromium this lists 100,000
 * files in about a second and holds little, where the worker's walk of the handles took 5 s and about 480 MB.
 * Undefined when an item has no entry of its name or a folder cannot be listed: the worker then walks the handles.
 */
async function entryPaths(dropped: readonly Dropped[]): Promise<string[] | undefined> {
  if (dropped.length === 0 || dropped.some((d) => d.entry?.name !== d.handle.name)) return undefined;
  const paths: string[] = [];
  const walk = async (entry: EntryLike, prefix: string): Promise<void> => {
    const path = prefix + entry.name;
    if (isSystemFile(path)) return;
    if (entry.isFile) return void paths.push(path);
    if (!isDirectoryEntry(entry)) return;
    await Promise.all((await listEntries(entry)).map((child) => walk(child, `${path}/`)));
  };
  try {
    await Promise.all(dropped.map((d) => walk(d.entry as EntryLike, '')));
  } catch {
    return undefined;
  }
  return paths;
}

/** Every entry of a folder: readEntries returns at most 100 a call, so it is asked until it returns none. */
async function listEntries(folder: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = folder.createReader();
  const children: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return children;
    children.push(...batch);
  }
}

/** A folder from `showDirectoryPicker`. */
export function inputsFromDirectoryHandle(handle: DirectoryHandleLike): IngestInput[] {
  return handleInputs([handle]);
}

function handleInputs(handles: HandleLike[]): IngestInput[] {
  if (handles.length === 0) return [];
  const [only] = handles;
  const name = handles.length === 1 && only?.kind === 'directory' ? only.name : countOf(handles.length, 'dropped item');
  return [{ kind: 'handles', handles, name }];
}

/** Files from `<input webkitdirectory>` (each knows its path inside the folder) or a plain file input. */
export function inputsFromFileList(files: ArrayLike<File>): IngestInput[] {
  const collected: Collected = { files: [], zips: [] };
  for (const file of Array.from(files)) {
    if (!file.webkitRelativePath && isZip(file.name)) collected.zips.push(file);
    else collected.files.push({ path: file.webkitRelativePath || file.name, file });
  }
  return toInputs(collected);
}

function toInputs({ files, zips }: Collected): IngestInput[] {
  const inputs: IngestInput[] = zips.map((file) => ({ kind: 'zip', file, name: file.name.replace(/\.zip$/i, '') }));
  if (files.length) {
    const tops = [...new Set(files.map((f) => f.path.replace(/^\/+/, '').split('/')[0] ?? ''))];
    const name = tops.length === 1 && files.some((f) => f.path.includes('/')) ? (tops[0] ?? 'Dropped files') : countOf(tops.length, 'dropped item');
    inputs.unshift({ kind: 'packed', packed: packFiles(name, files), name });
  }
  return inputs;
}

function merge(parts: Collected[]): Collected {
  return { files: parts.flatMap((p) => p.files), zips: parts.flatMap((p) => p.zips) };
}

function fromFile(file: File | null, path = file?.name ?? ''): Collected {
  if (!file) return { files: [], zips: [] };
  return !path.includes('/') && isZip(file.name) ? { files: [], zips: [file] } : { files: [{ path, file }], zips: [] };
}

async function fromEntry(entry: EntryLike): Promise<Collected> {
  if (isFileEntry(entry)) return fromFile(await new Promise<File>((ok, fail) => entry.file(ok, fail)), entry.fullPath.replace(/^\/+/, ''));
  if (!isDirectoryEntry(entry)) return { files: [], zips: [] };
  return merge(await Promise.all((await listEntries(entry)).map(fromEntry)));
}

function isFileEntry(entry: EntryLike): entry is FileEntryLike {
  return entry.isFile && 'file' in entry;
}

function isDirectoryEntry(entry: EntryLike): entry is DirectoryEntryLike {
  return entry.isDirectory && 'createReader' in entry;
}

function isZip(name: string): boolean {
  return /\.zip$/i.test(name);
}
