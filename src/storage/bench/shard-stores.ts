// The two places the storage benchmark puts pixel shards: IndexedDB (records shaped as the app's ShardRecord, a few
// shards per transaction) and the Origin Private File System through sync access handles (worker only), either one
// file per shard or one file per split with shards at offsets. Each store lives under its own name and deletes
// itself, so the benchmark never touches the studio's data.
import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import type { ShardRecord } from '../db';
import type { BenchShard } from './shard-source';

export type StoreName = 'indexeddb' | 'opfs-file-per-shard' | 'opfs-file-per-split';

export interface ShardStore {
  readonly backend: 'indexeddb' | 'opfs';
  readonly layout: string;
  /** Writes shards as one unit (one transaction; for files, one flush). */
  writeGroup(shards: BenchShard[]): Promise<void>;
  /** Called once after the last group. */
  finishWriting(): Promise<void>;
  read(index: number): Promise<{ pixels: Uint8Array; labels: Uint16Array }>;
  /** Removes everything the store wrote. */
  destroy(): Promise<void>;
}

const DB_NAME = 'trainyard-storage-bench';
const DIRECTORY = 'trainyard-storage-bench';
const DATASET = 'bench';

/** `imageBytes`: h × w × c of one image (a per-shard file holds count × (imageBytes + 2) bytes). */
export async function openShardStore(name: StoreName, split: string, imageBytes: number): Promise<ShardStore> {
  if (name === 'indexeddb') return IndexedDbShards.open(split);
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(DIRECTORY, { create: true });
  return name === 'opfs-file-per-shard' ? new FilePerShard(root, directory, imageBytes) : FilePerSplit.open(root, directory, split);
}

interface BenchSchema {
  shards: { key: [string, string, number]; value: ShardRecord };
}

class IndexedDbShards implements ShardStore {
  readonly backend = 'indexeddb';
  readonly layout = 'one record per shard (ShardRecord), transactions of a few shards';
  private constructor(private readonly db: IDBPDatabase<BenchSchema>, private readonly split: string) {}

  static async open(split: string): Promise<IndexedDbShards> {
    const db = await openDB<BenchSchema>(DB_NAME, 1, {
      upgrade: (d) => void d.createObjectStore('shards', { keyPath: ['datasetId', 'split', 'index'] }),
    });
    return new IndexedDbShards(db, split);
  }

  async writeGroup(shards: BenchShard[]): Promise<void> {
    const tx = this.db.transaction('shards', 'readwrite');
    for (const s of shards) {
      // The app's record shape; `paths` left empty so both stores hold the same pixel and label bytes.
      const record = { datasetId: DATASET, split: this.split, index: s.index, count: s.count, pixels: s.pixels, labels: s.labels, paths: [] } as unknown as ShardRecord;
      void tx.store.put(record);
    }
    await tx.done;
  }

  async finishWriting(): Promise<void> {}

  async read(index: number): Promise<{ pixels: Uint8Array; labels: Uint16Array }> {
    const record = await this.db.get('shards', [DATASET, this.split, index]);
    if (!record) throw new Error(`Shard ${index} of ${this.split} is missing from IndexedDB.`);
    return record;
  }

  async destroy(): Promise<void> {
    this.db.close();
    await deleteDB(DB_NAME);
  }
}

/** Pixels then labels (little-endian Uint16, as the platform stores them) in one file per shard. */
class FilePerShard implements ShardStore {
  readonly backend = 'opfs';
  readonly layout = 'one file per shard (pixels then labels), sync access handle';
  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly directory: FileSystemDirectoryHandle,
    private readonly imageBytes: number,
  ) {}

  async writeGroup(shards: BenchShard[]): Promise<void> {
    for (const s of shards) {
      const handle = await (await this.directory.getFileHandle(`shard-${s.index}`, { create: true })).createSyncAccessHandle();
      try {
        handle.write(s.pixels as Uint8Array<ArrayBuffer>, { at: 0 });
        handle.write(new Uint8Array(s.labels.buffer, s.labels.byteOffset, s.labels.byteLength), { at: s.pixels.byteLength });
        handle.flush();
      } finally {
        handle.close();
      }
    }
  }

  async finishWriting(): Promise<void> {}

  async read(index: number): Promise<{ pixels: Uint8Array; labels: Uint16Array }> {
    const handle = await (await this.directory.getFileHandle(`shard-${index}`)).createSyncAccessHandle();
    try {
      const size = handle.getSize();
      return splitBytes(readAll(handle, 0, size), size / (this.imageBytes + 2));
    } finally {
      handle.close();
    }
  }

  async destroy(): Promise<void> {
    await this.root.removeEntry(DIRECTORY, { recursive: true });
  }
}

/** One file per split, shards laid end to end; an in-memory table of offsets (the app would keep it in IndexedDB). */
class FilePerSplit implements ShardStore {
  readonly backend = 'opfs';
  readonly layout = 'one file per split, shards at offsets, one sync access handle';
  private readonly offsets = new Map<number, { at: number; pixels: number; labels: number }>();
  private end = 0;
  private constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly file: FileSystemFileHandle,
    private handle: FileSystemSyncAccessHandle | undefined,
  ) {}

  static async open(root: FileSystemDirectoryHandle, directory: FileSystemDirectoryHandle, split: string): Promise<FilePerSplit> {
    const file = await directory.getFileHandle(`split-${split}`, { create: true });
    return new FilePerSplit(root, file, await file.createSyncAccessHandle());
  }

  async writeGroup(shards: BenchShard[]): Promise<void> {
    const handle = await this.openHandle();
    for (const s of shards) {
      handle.write(s.pixels as Uint8Array<ArrayBuffer>, { at: this.end });
      handle.write(new Uint8Array(s.labels.buffer, s.labels.byteOffset, s.labels.byteLength), { at: this.end + s.pixels.byteLength });
      this.offsets.set(s.index, { at: this.end, pixels: s.pixels.byteLength, labels: s.labels.byteLength });
      this.end += s.pixels.byteLength + s.labels.byteLength;
    }
    handle.flush();
  }

  /** Closes the writing handle, so reading starts cold as a training run in a new worker would. */
  async finishWriting(): Promise<void> {
    this.handle?.close();
    this.handle = undefined;
  }

  async read(index: number): Promise<{ pixels: Uint8Array; labels: Uint16Array }> {
    const place = this.offsets.get(index);
    if (!place) throw new Error(`Shard ${index} was never written to the split file.`);
    const handle = await this.openHandle();
    const pixels = readAll(handle, place.at, place.pixels);
    const labels = new Uint16Array(readAll(handle, place.at + place.pixels, place.labels).buffer);
    return { pixels, labels };
  }

  private async openHandle(): Promise<FileSystemSyncAccessHandle> {
    return (this.handle ??= await this.file.createSyncAccessHandle());
  }

  async destroy(): Promise<void> {
    this.handle?.close();
    this.handle = undefined;
    await this.root.removeEntry(DIRECTORY, { recursive: true });
  }
}

function readAll(handle: FileSystemSyncAccessHandle, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = handle.read(bytes.subarray(done), { at: at + done });
    if (n <= 0) throw new Error(`The shard file ended after ${done} of ${length} bytes.`);
    done += n;
  }
  return bytes;
}

function splitBytes(bytes: Uint8Array, count: number): { pixels: Uint8Array; labels: Uint16Array } {
  const pixelBytes = bytes.byteLength - count * 2;
  return { pixels: bytes.subarray(0, pixelBytes), labels: new Uint16Array(bytes.buffer, pixelBytes, count) };
}
