import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readStore } from './ingest-support';
import { pendingImages, readShards, shardFolders } from './support';

const zip = join('tests/fixtures', 'digits-b.zip');

/**
 * From a second tab of the same origin (a plain file, not the app): the moment an import has noted its first shard,
 * a write transaction is held, so the import cannot note another shard nor commit its dataset until `release` is
 * called (Chromium runs one write transaction at a time per database). Watching happens in that tab, with no round
 * trip to the test.
 */
async function holdWritesAtFirstShard(holder: Page): Promise<{ held: () => Promise<void>; release: () => Promise<void> }> {
  await holder.goto('/favicon.svg');
  await holder.evaluate(() => {
    const state = window as unknown as { holding: boolean; held: Promise<void>; released: Promise<void> };
    state.holding = true;
    state.held = new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('trainyard');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const hold = (): void => {
          const tx = db.transaction('datasets', 'readwrite');
          const store = tx.objectStore('datasets');
          state.released = new Promise((done) => (tx.oncomplete = () => done()));
          // A transaction lives while it has requests: ask again until released.
          const spin = (): void => {
            if (state.holding) store.count().onsuccess = spin;
          };
          store.count().onsuccess = () => {
            resolve();
            spin();
          };
        };
        const watch = (): void => {
          const read = db.transaction('pendingImports').objectStore('pendingImports').getAll();
          read.onsuccess = () => ((read.result as { images: number }[]).some((p) => p.images > 0) ? hold() : watch());
          read.onerror = () => reject(read.error);
        };
        watch();
      };
    });
  });
  return {
    held: () => holder.evaluate(() => (window as unknown as { held: Promise<void> }).held),
    release: () => holder.evaluate(() => {
      const state = window as unknown as { holding: boolean; released: Promise<void> };
      state.holding = false;
      return state.released;
    }),
  };
}

test('a cancelled import says so and leaves nothing stored', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  // 10,000 small digits import in about a second, sooner than a test can press Cancel: a second tab holds the
  // database from the import's first shard on, so the import is still under way when Cancel is pressed.
  const hold = await holdWritesAtFirstShard(await context.newPage());
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  await hold.held();
  await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel import' }).click();
  await hold.release();
  await expect(page.getByTestId('import-error')).toHaveText('digits-b: import cancelled; nothing was saved.');
  expect(await readStore(page, 'datasets')).toEqual([]);
  expect(await readStore(page, 'pendingImports')).toEqual([]);
  expect(await readShards(page)).toEqual([]);
  expect(await shardFolders(page)).toEqual([]);
});

test('closing the tab mid-import leaves no half dataset behind', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  // 10,000 small digits import in about a second, sooner than a test can close the tab: a second tab holds the
  // database from the import's first shard on, so the import waits with shards on disk until the tab is gone.
  const hold = await holdWritesAtFirstShard(await context.newPage());
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  await hold.held();
  await expect.poll(() => pendingImages(page), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  await page.close();
  await hold.release();
  const again = await context.newPage();
  await again.goto('/');
  // The notice proves the tab closed mid-import (a finished import leaves no pending record to remove).
  await expect(again.getByTestId('import-notice')).toContainText('Removed an unfinished import of "digits-b":');
  await expect(again.getByText('No datasets yet.')).toBeVisible();
  expect(await readStore(again, 'datasets')).toEqual([]);
  expect(await readStore(again, 'pendingImports')).toEqual([]);
  expect(await readShards(again)).toEqual([]);
  expect(await shardFolders(again)).toEqual([]);
});
