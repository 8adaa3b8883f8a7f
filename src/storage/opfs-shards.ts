// Pixel shards in the Origin Private File System: `trainyard-shards/<key>/<split>-<index>.shard`, each file
// in the format of shard-file. Written through a sync access handle in a worker (the import runs there), through
// createWritable elsewhere; read through getFile(), which takes no lock, so the page, the training worker and
// the analysis worker can all read the same shards at once.
import type { ShardData, Split } from '../core/types';
import { decodeShardFile, shardFileParts } from './shard-file';
import type { PixelShardStore } from './pixel-shards';

/** The parts of the File System API used here: the page's and the worker's type libraries each lack some. */
interface SyncHandle {
  write(bytes: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
interface FileHandle {
  getFile(): Promise<Blob>;
  createSyncAccessHandle?(): Promise<SyncHandle>;
  createWritable?(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
}
interface DirectoryHandle {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

export const OPFS_SHARD_DIRECTORY = 'trainyard-shards';

/** The store, or undefined where this browser (or Node) has no OPFS or refuses it (some private modes). */
export async function openOpfsShards(): Promise<OpfsShards | undefined> {
  const storage = globalThis.navigator?.storage as { getDirectory?: () => Promise<unknown> } | undefined;
  if (typeof storage?.getDirectory !== 'function') return undefined;
  try {
    // The structural type above is what both type libraries agree the handle has.
    const root = (await storage.getDirectory()) as DirectoryHandle;
    return new OpfsShards(await root.getDirectoryHandle(OPFS_SHARD_DIRECTORY, { create: true }));
  } catch {
    return undefined;
  }
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
const fileName = (split: Split, index: number) => `${split}-${index}.shard`;

export class OpfsShards implements PixelShardStore {
  readonly kind = 'opfs';
  constructor(private readonly directory: DirectoryHandle) {}

  async write(key: string, split: Split, index: number, shard: ShardData): Promise<void> {
    const folder = await this.directory.getDirectoryHandle(key, { create: true });
    const file = await folder.getFileHandle(fileName(split, index), { create: true });
    const parts = shardFileParts(shard);
    if (inWorker && file.createSyncAccessHandle) return writeSync(await file.createSyncAccessHandle(), parts);
    if (!file.createWritable) throw new Error('This browser cannot write files to its private storage.');
    const writable = await file.createWritable();
    try {
      for (const part of parts) await writable.write(part);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
  }

  async read(key: string, split: Split, index: number): Promise<ShardData | undefined> {
    let file: FileHandle;
    try {
      file = await (await this.directory.getDirectoryHandle(key)).getFileHandle(fileName(split, index));
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError') return undefined;
      throw error;
    }
    return decodeShardFile(await (await file.getFile()).arrayBuffer(), `${key}/${fileName(split, index)}`);
  }

  async readAll(key: string, split: Split): Promise<ShardData[]> {
    const found: ShardData[] = [];
    for (let i = 0; ; i++) {
      const shard = await this.read(key, split, i);
      if (!shard) return found;
      found.push(shard);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.directory.removeEntry(key, { recursive: true });
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
    }
  }

  async keys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const name of this.directory.keys()) keys.push(name);
    return keys;
  }
}

function writeSync(handle: SyncHandle, parts: readonly Uint8Array[]): void {
  try {
    handle.truncate(0);
    let at = 0;
    for (const bytes of parts) {
      let done = 0;
      while (done < bytes.byteLength) {
        const n = handle.write(bytes.subarray(done), { at: at + done });
        if (n <= 0) throw new Error(`The shard file took ${at + done} of ${parts.reduce((sum, p) => sum + p.byteLength, 0)} bytes.`);
        done += n;
      }
      at += done;
    }
    handle.flush();
  } finally {
    handle.close();
  }
}
