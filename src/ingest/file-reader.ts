// Reading a dropped folder's files in a worker of their own. Getting a file through the browser's handles leaves a
// handle and a File behind, native objects that the garbage collector of a busy ingest worker left alone: over
// 100,000 files they held about 600 MB in the page and 1.2 GB in the browser until the import ended. A reader worker
// gets the files of a part, reads them in one go and hands back only the bytes; it is replaced every few thousand
// files, and ending it frees everything it got. A picked folder (showDirectoryPicker gives no entries to list on
// the page) is walked in a reader worker of its own for the same reason.
import { foundByPath, walkHandles, type HandleLike } from './handles';
import { readError, type ReadFiles } from './sources';
import { WorkerCalls, type CallWorker } from './worker-calls';

/** A part as read: the files that could be read (in path order) and each that could not, with the reason. */
export interface ReadPart extends ReadFiles {
  failures: [path: string, reason: string][];
}

/** Gets and reads the files at `paths` (names from the top handle joined by '/'); runs in the reader worker. */
export async function readPart(handles: readonly HandleLike[], paths: readonly string[]): Promise<ReadPart> {
  const found = foundByPath(handles, paths);
  if (!found) throw new Error('these dropped items cannot be read by path');
  const got = await Promise.all(found.map((f) => f.handle.getFile().catch((error: unknown) => new Error(readError(error)))));
  const failures: [string, string][] = [];
  const files: File[] = [];
  const kept: string[] = [];
  got.forEach((file, i) => {
    const path = (found[i] as { path: string }).path;
    if (file instanceof Error) failures.push([path, `could not be read (${file.message})`]);
    else {
      kept.push(path);
      files.push(file);
    }
  });
  try {
    // One read of the joined files costs far less than one read per small file.
    return { paths: kept, sizes: files.map((f) => f.size), bytes: new Uint8Array(await new Blob(files).arrayBuffer()), failures };
  } catch {
    // A file changed or vanished since it was got: read them one by one to name it.
    const read = await Promise.all(files.map((f) => f.arrayBuffer().then((b) => new Uint8Array(b), (error: unknown) => new Error(readError(error)))));
    const part: ReadPart = { paths: [], sizes: [], bytes: new Uint8Array(read.reduce((n, r) => n + (r instanceof Error ? 0 : r.length), 0)), failures };
    read.forEach((r, i) => {
      if (r instanceof Error) return void failures.push([kept[i] as string, `could not be read (${r.message})`]);
      part.bytes.set(r, part.sizes.reduce((n, s) => n + s, 0));
      part.paths.push(kept[i] as string);
      part.sizes.push(r.length);
    });
    return part;
  }
}

/**
 * Every file's path below `handles` as listed (names joined by '/'), walked in a reader worker: the walk makes a
 * handle per file, which the worker's end frees. `onFound` hears the running count.
 */
export async function listPaths(handles: readonly HandleLike[], onFound?: (count: number) => void): Promise<string[]> {
  return (await walkHandles(handles, onFound)).map((f) => f.listed as string);
}

/** What the ingest worker asks a reader worker: a part to read, or (`list`) the paths below the handles. */
export type ReadRequest = { id: number; handles: HandleLike[]; paths: string[] } | { id: number; handles: HandleLike[]; list: true };
export type ReadAnswer =
  | { id: number; part: ReadPart }
  | { id: number; listed: string[] }
  /** A running count while listing. */
  | { id: number; found: number }
  | { id: number; error: string };

/** A reader worker (a Worker, or a fake in tests). */
export type ReaderWorker = CallWorker<ReadRequest, ReadAnswer>;

const READER = 'the file reader';

/** The result a reader's answer carries; an error answer throws. */
function resultOf<K extends 'part' | 'listed'>(answer: ReadAnswer, key: K): Extract<ReadAnswer, Record<K, unknown>>[K] | undefined {
  if ('error' in answer) throw new Error(answer.error);
  return key in answer ? (answer as Extract<ReadAnswer, Record<K, unknown>>)[key] : undefined;
}

/**
 * Lists the paths below `handles` in a reader worker of its own, ended once it answers; `onFound` hears the
 * running count.
 */
export async function listInReader(start: () => ReaderWorker, handles: HandleLike[], onFound?: (count: number) => void): Promise<string[]> {
  const calls = new WorkerCalls(start(), READER);
  try {
    return await calls.call((id) => ({ id, handles, list: true }), [], (answer) => {
      if ('found' in answer) return void onFound?.(answer.found);
      return resultOf(answer, 'listed');
    });
  } finally {
    calls.end();
  }
}

/** Files read by one reader worker before it is replaced. */
export const FILES_PER_READER = 8192;

/**
 * Reads parts through reader workers, a new one every `filesPerReader` files; a retired one ends once its parts
 * are answered, a failed one at once (the next part starts another). `close` ends them all.
 */
export class FileReaders {
  private current: { calls: WorkerCalls<ReadRequest, ReadAnswer>; files: number } | undefined;
  private readonly retired = new Set<WorkerCalls<ReadRequest, ReadAnswer>>();
  private closed = false;

  constructor(private readonly start: () => ReaderWorker, private readonly handles: HandleLike[], private readonly filesPerReader = FILES_PER_READER) {}

  async read(paths: string[]): Promise<ReadPart> {
    if (this.closed) throw new Error('the import ended');
    const reader = this.reader();
    reader.files += paths.length;
    const { calls } = reader;
    try {
      return await calls.call((id) => ({ id, handles: this.handles, paths }), [], (answer) => resultOf(answer, 'part'));
    } finally {
      if (this.retired.has(calls) && calls.inFlight === 0) {
        calls.end();
        this.retired.delete(calls);
      }
    }
  }

  close(): void {
    this.closed = true;
    this.current?.calls.end();
    for (const calls of this.retired) calls.end();
    this.retired.clear();
    this.current = undefined;
  }

  private reader(): { calls: WorkerCalls<ReadRequest, ReadAnswer>; files: number } {
    const current = this.current;
    if (current && !current.calls.failed && current.files < this.filesPerReader) return current;
    if (current && !current.calls.failed) {
      if (current.calls.inFlight === 0) current.calls.end();
      else this.retired.add(current.calls);
    }
    this.current = { calls: new WorkerCalls(this.start(), READER), files: 0 };
    return this.current;
  }
}
