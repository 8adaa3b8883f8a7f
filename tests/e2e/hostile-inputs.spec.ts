// Hostile inputs in the real app: each is refused with its reason while the page keeps answering (a heartbeat
// in the page records the longest gap between 50 ms ticks), the renderer's memory stays under a ceiling
// (resident memory of this Chromium's renderer processes, sampled from /proc every 100 ms while the case runs), and nothing
// of a refused input is stored.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hostile, smallPng, writeZip, zeroPng, type HostileFile } from '../support/hostile-inputs';
import { readRecords, readShards, waitForStudio } from './support';

const CEILING = 1024 ** 3;
const dir = mkdtempSync(join(tmpdir(), 'trainyard-hostile-'));

function onDisk(file: HostileFile): string {
  const path = join(dir, file.name);
  writeFileSync(path, file.bytes);
  return path;
}

/** Resident memory of one process, from /proc, in bytes. */
function residentBytes(pid: number): number {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0; // the process ended while being read
  }
}

/** Runs `act` while sampling memory; returns the peak and the page's longest heartbeat gap. */
async function watched(page: Page, act: () => Promise<void>): Promise<{ peak: number; gap: number }> {
  // The browser names its own renderer processes (this test's browser only, not others on the machine).
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  const rendererBytes = async () => {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return processInfo.filter((p) => p.type === 'renderer').reduce((n, p) => n + residentBytes(p.id), 0);
  };
  await page.evaluate(() => {
    const w = window as unknown as { beat: { last: number; gap: number } };
    w.beat = { last: performance.now(), gap: 0 };
    setInterval(() => {
      const now = performance.now();
      w.beat.gap = Math.max(w.beat.gap, now - w.beat.last);
      w.beat.last = now;
    }, 50);
  });
  let peak = await rendererBytes();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rendererBytes());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    await act();
  } finally {
    sampling = false;
    await sampler;
  }
  peak = Math.max(peak, await rendererBytes());
  await cdp.detach();
  const gap = await page.evaluate(() => (window as unknown as { beat: { gap: number } }).beat.gap);
  return { peak, gap };
}

async function nothingStored(page: Page): Promise<void> {
  expect(await readRecords(page, 'datasets')).toEqual([]);
  expect(await readShards(page)).toEqual([]);
  expect((await readRecords<{ datasetId: string }>(page, 'runs')).filter((r) => r.datasetId === 'imported')).toEqual([]);
  expect(await readRecords(page, 'artifacts')).toEqual([]);
}

function report(name: string, seen: { peak: number; gap: number }): void {
  console.log(`${name}: renderer peak ${(seen.peak / 1024 ** 2).toFixed(0)} MiB, longest main-thread gap ${seen.gap.toFixed(0)} ms`);
  expect(seen.peak).toBeLessThan(CEILING);
  expect(seen.gap).toBeLessThan(2000);
}

const runCases: [HostileFile, RegExp | string][] = [
  [hostile.runZip3GiB(), 'run-3gib.zip: weights.bin expands to 3 GiB, more than the 512 MiB allowed for one file of a run. Nothing was imported.'],
  [hostile.runZip4GiB(), 'run-4gib.zip: weights.bin expands to 4 GiB, more than the 512 MiB allowed for one file of a run. Nothing was imported.'],
  [hostile.runZipCorrupt(), /^corrupt-weights\.zip: weights\.bin is corrupted: its CRC-32 is [0-9A-F]{8} where the zip says [0-9A-F]{8}\. Nothing was imported\.$/],
  [hostile.denseBomb(), 'dense-1e8.zip: model.json: layer "dense" (Dense) declares units 100000000, more than the 1,048,576 any size of a layer may be. Nothing was imported.'],
  [hostile.hugeInput(), 'input-65535.zip: model.json: layer "flatten" (Flatten) takes inputs of 16.0 GiB each ([null, 65535, 65535, 1]), more than the 256 MiB allowed for one input. Nothing was imported.'],
];

test('hostile run and model zips are refused with their reasons, the page answering and nothing stored', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  for (const [file, message] of runCases) {
    const path = onDisk(file);
    const seen = await watched(page, async () => {
      await page.getByTestId('import-run-input').setInputFiles(path);
      await expect(page.getByTestId('run-import-error')).toHaveText(message);
    });
    report(file.name, seen);
    await nothingStored(page);
  }
});

test('dataset zip bombs are refused file by file, the page answering and nothing stored', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  // The preview reads every image's first bytes: a file it cannot unzip, or whose header declares too many pixels,
  // is listed there and left out of its count; one whose pixel data overflows is found when decoded.
  const cases: [HostileFile, number, string][] = [
    [hostile.datasetZipBomb(), 0, 'cat/zeros.png: could not be unzipped: it expands to 2 GiB, more than the 256 MiB allowed for one file of a dataset zip'],
    [{ name: 'png-bombs.zip', bytes: writeZip([
      { name: 'cat/palette-bomb.png', data: hostile.pngHugeDeclared().bytes },
      { name: 'cat/palette-overflow.png', data: hostile.pngPaletteOverflow().bytes },
      { name: 'dog/rgb-overflow.png', data: zeroPng(256, 256, 2, 1024 ** 3) },
    ]) }, 2, 'png-bombs: none of the 2 images could be read.'],
  ];
  for (const [file, images, message] of cases) {
    const seen = await watched(page, async () => {
      await page.getByTestId('zip-input').setInputFiles(onDisk(file));
      const preview = page.getByTestId('import-preview');
      await expect(preview.getByRole('heading', { name: `Import “${file.name.replace(/\.zip$/, '')}”` })).toBeVisible();
      const importButton = preview.getByRole('button', { name: `Import ${images} image${images === 1 ? '' : 's'}` });
      if (images === 0) {
        await expect(importButton).toBeDisabled();
        await expect(preview.getByTestId('skipped-file')).toContainText([message]);
        await preview.getByRole('button', { name: 'Cancel' }).click();
        return;
      }
      await expect(preview.getByTestId('skipped-file')).toHaveCount(1);
      await importButton.click();
      await expect(page.getByTestId('import-error')).toContainText(message, { timeout: 120_000 });
    });
    report(file.name, seen);
    await nothingStored(page);
  }
});

test('dataset zip entries named ../, /abs or C:\\ are refused and listed in the report; the good ones become the classes', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  const good = [['cat/d.png', 10], ['cat/e.png', 20], ['cat/f.png', 25], ['dog/g.png', 30], ['dog/h.png', 40], ['dog/i.png', 45]] as const;
  const file = { name: 'pets.zip', bytes: writeZip([...hostile.datasetZipSlipItems(), ...good.map(([name, shade]) => ({ name, data: smallPng(shade) }))]) };
  await page.getByTestId('zip-input').setInputFiles(onDisk(file));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: 'Import “pets”' })).toBeVisible();
  await preview.getByRole('button', { name: /^Import / }).click();
  await expect(page.getByTestId('import-notice')).toContainText('pets:', { timeout: 120_000 });
  const [dataset] = await readRecords<{ classes: string[]; report: { skipped: { path: string; reason: string }[] } }>(page, 'datasets');
  expect(dataset?.classes).toEqual(['cat', 'dog']);
  expect(dataset?.report.skipped).toEqual([
    { path: '../../x/cat/a.png', reason: 'refused: "../../x/cat/a.png" climbs out of the archive with ".."' },
    { path: '/abs/cat/b.png', reason: 'refused: "/abs/cat/b.png" is an absolute path' },
    { path: 'C:\\x\\cat\\c.png', reason: 'refused: "C:\\x\\cat\\c.png" is an absolute Windows path' },
  ]);
});
