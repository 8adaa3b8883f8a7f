// Reading a dropped folder's files in a worker of their own. Getting a file through the browser's handles leaves a
// handle and a File behind, native objects that the garbage collector of a busy ingest worker left alone: over
// 100,000 files they held about 600 MB in the page and 1.2 GB in the browser until the import ended. A reader worker
// gets the files of a part, reads them in one go and hands back only the bytes; it is replaced every few thousand
// files, and ending it frees everything it got. A picked folder (showDirectoryPicker gives no entries to list on
// the page) is walked in a reader worker of its own for the same reason.
import { foundByPath, walkHandles, type HandleLike } from './handles';
import { readError, type ReadFiles } from './sources';

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

/** The worker-like object the pool drives (a Worker, or a fake in tests). */
export interface ReaderWorker {
  postMessage(message: ReadRequest): void;
  addEventListener(type: 'message', listener: (event: { data: ReadAnswer }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/**
 * Lists the paths below `handles` in a reader worker of its own, ended once it answers; `onFound` hears the
 * running count.
 */
export function listInReader(start: () => ReaderWorker, handles: HandleLike[], onFound?: (count: number) => void): Promise<string[]> {
  const worker = start();
  return new Promise<string[]>((resolve, reject) => {
    worker.addEventListener('message', ({ data }) => {
      if ('found' in data) return void onFound?.(data.found);
      worker.terminate();
      if ('listed' in data) resolve(data.listed);
      else reject(new Error('error' in data ? data.error : 'the file reader answered something else'));
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(`the file reader stopped (${event.message ?? 'no reason given'})`));
    });
    worker.postMessage({ id: 0, handles, list: true });
  });
}

/** Files read by one reader worker before it is replaced. */
export const FILES_PER_READER = 8192;

/**
 * Reads parts through reader workers, a new one every `filesPerReader` files; a retired one ends once its parts
 * are answered. `close` ends them all.
 */
export class FileReaders {
  private current: { worker: ReaderWorker; files: number; inFlight: number } | undefined;
  private readonly waiting = new Map<number, { resolve: (part: ReadPart) => void; reject: (error: Error) => void; reader: { worker: ReaderWorker; inFlight: number } }>();
  private nextId = 0;
  private closed = false;
  /** Reader workers started so far (for tests and the benchmark's notes). */
  started = 0;

  constructor(private readonly start: () => ReaderWorker, private readonly handles: HandleLike[], private readonly filesPerReader = FILES_PER_READER) {}

  read(paths: string[]): Promise<ReadPart> {
    if (this.closed) return Promise.reject(new Error('the import ended'));
    const reader = this.reader();
    reader.files += paths.length;
    reader.inFlight++;
    const id = this.nextId++;
    return new Promise<ReadPart>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, reader });
      reader.worker.postMessage({ id, handles: this.handles, paths });
    });
  }

  close(): void {
    this.closed = true;
    this.current?.worker.terminate();
    for (const { reject, reader } of this.waiting.values()) {
      reader.worker.terminate();
      reject(new Error('the import ended'));
    }
    this.waiting.clear();
    this.current = undefined;
  }

  private reader(): { worker: ReaderWorker; files: number; inFlight: number } {
    const current = this.current;
    if (current && current.files < this.filesPerReader) return current;
    if (current && current.inFlight === 0) current.worker.terminate();
    const worker = this.start();
    this.started++;
    const reader = { worker, files: 0, inFlight: 0 };
    worker.addEventListener('message', ({ data }) => this.answer(data, reader));
    worker.addEventListener('error', (event) => {
      // A reader that failed (to start, or later) takes no more parts; the next part starts another.
      if (this.current === reader) this.current = undefined;
      worker.terminate();
      for (const [id, waiting] of this.waiting) {
        if (waiting.reader !== reader) continue;
        this.waiting.delete(id);
        waiting.reject(new Error(`the file reader stopped (${event.message ?? 'no reason given'})`));
      }
    });
    this.current = reader;
    return reader;
  }

  private answer(data: ReadAnswer, reader: { worker: ReaderWorker; inFlight: number }): void {
    const waiting = this.waiting.get(data.id);
    if (!waiting) return;
    this.waiting.delete(data.id);
    reader.inFlight--;
    // A retired reader ends once it has answered all it was asked.
    if (reader.inFlight === 0 && this.current?.worker !== reader.worker) reader.worker.terminate();
    if ('part' in data) waiting.resolve(data.part);
    else waiting.reject(new Error('error' in data ? data.error : 'the file reader answered something else'));
  }
}
