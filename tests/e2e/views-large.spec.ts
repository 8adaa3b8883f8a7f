// The views with a large studio (issue 15, point 4): 500 finished runs with analyses on a 20,000-image dataset,
// seeded through bench/views.html. The studio's IndexedDB reads are counted (records delivered to the page, per
// store), so the test says what each view reads, not how long it takes.
import { expect, test, type Page } from '@playwright/test';
import { readRecords } from './support';
import type { RunRecord } from '../../src/core/run';
import { bestValAccuracy } from '../../src/core/halving';
import { formatPercent } from '../../src/core/format';

const RUNS = 500;
const IMAGES = 20_000;

/** Init script: counts the records each object store hands the page (get, getAll and value cursors; key cursors carry none). */
function countReads(): void {
  const reads: Record<string, number> = {};
  Object.assign(globalThis, { idbReads: reads });
  const add = (store: string, n: number) => (reads[store] = (reads[store] ?? 0) + n);
  const wrap = <T extends IDBObjectStore | IDBIndex>(proto: T, method: 'get' | 'getAll' | 'openCursor', storeOf: (source: T) => string) => {
    const original = proto[method] as (...args: unknown[]) => IDBRequest;
    Object.defineProperty(proto, method, {
      configurable: true,
      value(this: T, ...args: unknown[]) {
        const request = original.apply(this, args);
        const store = storeOf(this);
        request.addEventListener('success', () => {
          const result: unknown = request.result;
          add(store, Array.isArray(result) ? result.length : result === undefined || result === null ? 0 : 1);
        });
        return request;
      },
    });
  };
  for (const method of ['get', 'getAll', 'openCursor'] as const) {
    wrap(IDBObjectStore.prototype, method, (s) => s.name);
    wrap(IDBIndex.prototype, method, (i) => i.objectStore.name);
  }
  // Pixel shards in the Origin Private File System: a file read is a shard read.
  if (typeof FileSystemFileHandle !== 'undefined') {
    const getFile = FileSystemFileHandle.prototype.getFile;
    Object.defineProperty(FileSystemFileHandle.prototype, 'getFile', {
      configurable: true,
      value(this: FileSystemFileHandle) {
        if (this.name.endsWith('.shard')) add('shardFiles', 1);
        return getFile.call(this);
      },
    });
  }
}

/** Shards read from either pixel store. */
const shardReads = (r: Record<string, number>) => (r.shards ?? 0) + (r.shardFiles ?? 0);

const reads = (page: Page) => page.evaluate(() => ({ ...(globalThis as unknown as { idbReads: Record<string, number> }).idbReads }));

test('with 500 runs and 20,000 images the views read a page of runs, summaries, one analysis per report and one shard', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('bench/views.html');
  await page.waitForFunction(() => 'trainyardViewsBench' in globalThis);
  const seeded = await page.evaluate(([images, runs]) => (globalThis as unknown as { trainyardViewsBench: { seed(o: object): Promise<{ runs: number }> } }).trainyardViewsBench.seed({ images, runs }), [IMAGES, RUNS]);
  expect(seeded.runs).toBe(RUNS);
  const runs = await readRecords<RunRecord>(page, 'runs');
  const best = Math.max(...runs.map((r) => bestValAccuracy(r)));

  await page.addInitScript(countReads);
  await page.goto('./');
  const list = page.getByTestId('run');
  await expect(list).toHaveCount(50);
  await expect(page.getByTestId('runs-more')).toHaveText('Show 50 more runs (450 not shown)');
  // The report of the latest finished run opens at start-up: its analysis, and no other, is read.
  await expect(page.getByTestId('run-report').getByTestId('analysis-summary')).toBeVisible();
  await expect.poll(async () => (await reads(page)).analysisSummaries).toBe(RUNS);
  const atStart = await reads(page);
  expect(atStart.analyses).toBe(1);
  expect(shardReads(atStart)).toBe(0);
  // The queue reads the runs when it starts and when it syncs the grid; not again when the sync changed nothing.
  expect(atStart.runs).toBeLessThanOrEqual(2 * RUNS);

  await page.getByRole('group', { name: 'Report view' }).getByRole('button', { name: 'Leaderboard' }).click();
  const rows = page.getByTestId('leaderboard-row');
  await expect(rows).toHaveCount(50);
  await expect(rows.first().getByTestId('leaderboard-val')).toHaveText(formatPercent(best));
  await page.getByTestId('leaderboard-more').click();
  await expect(rows).toHaveCount(100);
  expect((await reads(page)).analyses).toBe(1);

  await page.getByTestId('dataset-card').getByRole('button').click();
  await expect(page.getByTestId('sample-canvas')).toHaveCount(10);
  await expect(page.getByTestId('dataset-view').locator('figure')).toHaveCount(2);
  expect(shardReads(await reads(page))).toBe(1);

  const other = list.nth(7);
  const otherId = await other.getAttribute('data-run-id');
  await other.getByRole('button', { name: /^Show the report of/ }).click();
  const report = page.locator(`[data-testid="run-report"][data-run-id="${otherId}"]`);
  await expect(report.getByTestId('analysis-summary')).toBeVisible();
  await expect(report.getByTestId('failure').first()).toBeVisible();
  expect((await reads(page)).analyses).toBe(2);

  await page.getByTestId('runs-more').click();
  await expect(list).toHaveCount(100);
});
