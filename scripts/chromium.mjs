// The one place that finds a Chromium to drive and knows its launch flags, for `npm test`, the browser tests,
// the benchmark and the screenshots: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's download.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function findChromium() {
  let playwrights;
  try {
    playwrights = chromium.executablePath();
  } catch {
    playwrights = undefined;
  }
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', playwrights].find((p) => p && existsSync(p));
}

export const CHROMIUM_HINT =
  'No Chromium found: install one (Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere: `npx playwright install chromium`) or set CHROMIUM_PATH to its executable.';

/** Flags that work as root on a machine without a network, with WebGPU on SwiftShader where there is no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-unsafe-webgpu',
];
