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
