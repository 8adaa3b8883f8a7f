// Takes the README's screenshots of the real app: the sample trained, in the light and the dark theme; and the
// real-photo fixture dropped on a fresh page, trained by the shipped backbone's head.
// Usage: npm run build && node scripts/screenshot.mjs
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const port = 4176;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
try {
  await sleep(2500);
  const executablePath = findChromium();
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('[data-testid="run"][data-status="done"]').first().waitFor({ timeout: 600_000 });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await sleep(1500);
    await page.screenshot({ path: `docs/screenshot-${scheme}.png` });
  }
  const photos = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await photos.goto(`http://127.0.0.1:${port}/`);
  await photos.getByRole('button', { name: 'Choose folder' }).waitFor();
  const cdp = await photos.context().newCDPSession(photos);
  const data = { items: [], files: [resolve('tests/fixtures/photos')], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await photos.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click({ timeout: 60_000 });
  await photos.locator('[data-testid="run"][data-status="done"]').first().waitFor({ timeout: 600_000 });
  await sleep(3000);
  await photos.screenshot({ path: 'docs/screenshot-photos.png' });
  await browser.close();
} finally {
  process.kill(-server.pid);
}
