// Helpers for browser tests: reading and writing the studio's database from the page.
import type { Page } from '@playwright/test';

/** Puts records into an object store of the studio's database (created by the app on first load). */
export function putRecords(page: Page, store: string, records: unknown[]): Promise<void> {
  return page.evaluate(
    ([name, values]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('trainyard');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(name as string, 'readwrite');
          for (const value of values as unknown[]) tx.objectStore(name as string).put(value);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    [store, records] as const,
  );
}

/** Every record of an object store of the studio's database. */
export function readRecords<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('trainyard');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => (open.result.close(), resolve(request.result as T[]));
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/** Waits until the app has opened its database and seeded the built-in catalog. */
export async function waitForStudio(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await page.waitForFunction(async () => {
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === 'trainyard');
  });
}

/** A stored pixel shard as the tests see it, from IndexedDB or the private file system alike. */
export interface StoredShard {
  /** The dataset whose layout names the shard's key (the key itself when none does: a leftover). */
  datasetId: string;
  split: string;
  index: number;
  count: number;
  pixels: Uint8Array;
  labels: Uint16Array;
  paths: string[];
}

/** The shard keys (one folder per import) in the page's private file system, for "nothing left behind" checks. */
export function shardFolders(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = (await navigator.storage.getDirectory()) as unknown as { getDirectoryHandle(n: string): Promise<{ keys(): AsyncIterable<string> }> };
    const names: string[] = [];
    try {
      for await (const name of (await root.getDirectoryHandle('trainyard-shards')).keys()) names.push(name);
    } catch {
      // no folder yet: nothing stored
    }
    return names;
  });
}

/** Every pixel shard of the studio: IndexedDB's `shards` store and the files of src/storage/opfs-shards. */
export function readShards(page: Page): Promise<StoredShard[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('trainyard');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T,>(store: string) => new Promise<T[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as T[]);
      request.onerror = () => reject(request.error);
    });
    const datasets = await all<{ id: string; shardLayout?: { key: string } }>('datasets');
    const found = await all<{ datasetId: string; split: string; index: number; count: number; pixels: Uint8Array; labels: Uint16Array; paths: string[] }>('shards');
    db.close();
    const owner = new Map(datasets.map((d) => [d.shardLayout?.key ?? d.id, d.id]));
    type Dir = { entries(): AsyncIterable<[string, Dir & { getFile(): Promise<Blob> }]> };
    const root = (await navigator.storage.getDirectory()) as unknown as { getDirectoryHandle(n: string): Promise<Dir> };
    let top: Dir | undefined;
    try {
      top = await root.getDirectoryHandle('trainyard-shards');
    } catch {
      top = undefined;
    }
    for await (const [key, folder] of top?.entries() ?? []) {
      for await (const [name, file] of folder.entries()) {
        const buffer = await (await file.getFile()).arrayBuffer();
        const header = new DataView(buffer, 0, 16);
        const count = header.getUint32(4, true);
        const pixelBytes = header.getUint32(8, true);
        const pixelsAt = 16 + count * 2;
        const [split, index] = name.replace('.shard', '').split('-');
        found.push({
          datasetId: owner.get(key) ?? key, split: split as string, index: Number(index), count,
          labels: new Uint16Array(buffer.slice(16, pixelsAt)), pixels: new Uint8Array(buffer.slice(pixelsAt, pixelsAt + pixelBytes)),
          paths: JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, pixelsAt + pixelBytes))) as string[],
        });
      }
    }
    return found.map((s) => ({ ...s, datasetId: owner.get(s.datasetId) ?? s.datasetId }));
  });
}

/** The shards written so far by the import under way (its pending record's count), read in the page. */
export function pendingImages(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('pendingImports').objectStore('pendingImports').getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve((request.result as { images: number }[]).reduce((n, p) => n + p.images, 0));
      };
      request.onerror = () => reject(request.error);
    };
  }));
}
