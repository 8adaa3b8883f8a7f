// Chromium discovery and flags for the benchmark (the same as the browser tests use).
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-webgpu',
];

export function findChromium() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
}

/** Reads every record of an object store of the studio's database, from the page. */
export function readStore(page, store) {
  return page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    };
  }), store);
}

/** Opens the studio, presses "Try the sample", and waits until its first run has trained. */
export async function trainSample(page, baseURL) {
  await page.goto(baseURL);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('[data-testid="run"][data-status="done"]').first().waitFor({ timeout: 600_000 });
}
