// Takes the README's screenshots of the real app: the sample trained, in the light and the dark theme.
// Usage: npm run build && node scripts/screenshot.mjs
import { spawn } from 'node:child_process';
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
  await browser.close();
} finally {
  process.kill(-server.pid);
}
