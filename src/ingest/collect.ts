// Turns what the user gave us on the page (dropped items, a picked folder, picked files) into ingest inputs:
// every loose file and folder together becomes one packed folder, each .zip its own input. Runs on the main
// thread; the browser types it needs are described here by shape, so this module also compiles for workers.
import { packFiles, type PackedFiles, type PathedFile } from './sources';

export type IngestInput =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'zip'; file: Blob; name: string }
  | { kind: 'packed'; packed: PackedFiles; name: string }
  /** Files already handed to the worker in parts (see IngestService.stage). */
  | { kind: 'staged'; name: string };

interface FileHandleLike { kind: 'file'; name: string; getFile(): Promise<File> }
interface DirectoryHandleLike { kind: 'directory'; name: string; values(): AsyncIterable<FileHandleLike | DirectoryHandleLike> }
type HandleLike = FileHandleLike | DirectoryHandleLike;

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
 * list once the event returns, so every handle or entry is taken before the first await.
 */
export async function inputsFromDrop(items: ArrayLike<DroppedItemLike>): Promise<IngestInput[]> {
  const pending = Array.from(items)
    .filter((item) => item.kind === 'file')
    .map((item) => {
      if (item.getAsFileSystemHandle) return item.getAsFileSystemHandle().then((h) => (h ? fromHandle(h, '') : fromFile(item.getAsFile())));
      const entry = item.webkitGetAsEntry?.();
      return entry ? fromEntry(entry) : Promise.resolve(fromFile(item.getAsFile()));
    });
  return toInputs(merge(await Promise.all(pending)));
}

/** A folder from `showDirectoryPicker`. */
export async function inputsFromDirectoryHandle(handle: DirectoryHandleLike): Promise<IngestInput[]> {
  return toInputs(await fromHandle(handle, ''));
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
    const name = tops.length === 1 && files.some((f) => f.path.includes('/')) ? (tops[0] ?? 'Dropped files') : `${tops.length} dropped items`;
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

async function fromHandle(handle: HandleLike, prefix: string): Promise<Collected> {
  if (handle.kind === 'file') return fromFile(await handle.getFile(), prefix + handle.name);
  const parts: Promise<Collected>[] = [];
  for await (const child of handle.values()) parts.push(fromHandle(child, `${prefix}${handle.name}/`));
  return merge(await Promise.all(parts));
}

async function fromEntry(entry: EntryLike): Promise<Collected> {
  if (isFileEntry(entry)) return fromFile(await new Promise<File>((ok, fail) => entry.file(ok, fail)), entry.fullPath.replace(/^\/+/, ''));
  if (!isDirectoryEntry(entry)) return { files: [], zips: [] };
  const reader = entry.createReader();
  const children: EntryLike[] = [];
  // readEntries returns at most 100 entries a call: keep asking until it returns none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return merge(await Promise.all(children.map(fromEntry)));
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
