// Fakes shared by the ingest unit tests: file system handles shaped like Chromium's, and a helper worker run in
// this thread.
import type { DirectoryHandleLike, FileHandleLike, HandleLike } from '../../../src/ingest/handles';

const NOT_FOUND = 'A requested file or directory could not be found at the time an operation was processed.';

/** A file handle like Chromium's; `vanished` ones fail as a file deleted after the drop does. */
export const fileHandle = (name: string, body: BlobPart, vanished = false): FileHandleLike => ({
  kind: 'file', name,
  getFile: async () => {
    if (vanished) throw new DOMException(NOT_FOUND, 'NotFoundError');
    return new File([body], name);
  },
});

/** A folder handle like Chromium's: listed by `values()`, or its children got by name. */
export const dirHandle = (name: string, children: HandleLike[]): DirectoryHandleLike => ({
  kind: 'directory', name,
  async *values() {
    yield* children;
  },
  getDirectoryHandle: async (child: string) => childOf(children, child, 'directory') as DirectoryHandleLike,
  getFileHandle: async (child: string) => childOf(children, child, 'file') as FileHandleLike,
});

function childOf(children: HandleLike[], name: string, kind: HandleLike['kind']): HandleLike {
  const found = children.find((c) => c.name === name);
  if (!found) throw new DOMException(NOT_FOUND, 'NotFoundError');
  if (found.kind !== kind) throw new DOMException('The path supplied exists, but was not an entry of requested type.', 'TypeMismatchError');
  return found;
}

/** A folder that must not be walked: its listing fails. */
export const unwalkable = (handle: DirectoryHandleLike): DirectoryHandleLike => ({ ...handle, values: () => { throw new Error('walked'); } });

/** A helper worker run in this thread: `answer` makes its answers; a broken one fails to start. */
export abstract class FakeWorker<Request> {
  terminated = false;
  private readonly listeners = new Map<string, ((event: never) => void)[]>();
  constructor(private readonly broken = false) {}

  postMessage(request: Request): void {
    if (this.broken) return void queueMicrotask(() => this.emit('error', { message: 'failed to load' }));
    this.answer(request, (data) => this.emit('message', { data }));
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  terminate(): void {
    this.terminated = true;
  }

  protected abstract answer(request: Request, reply: (data: object) => void): void;

  private emit(type: string, event: object): void {
    if (!this.terminated) for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }
}
