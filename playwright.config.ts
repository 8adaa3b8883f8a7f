import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.TRAINYARD_E2E_PORT ?? 4174);
const executablePath = findChromium();

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A plain static host: no COOP/COEP headers, the app under a sub-path.
      command: `node scripts/static-server.mjs ${port + 10} /hosted/trainyard/`,
      url: `http://127.0.0.1:${port + 10}/hosted/trainyard/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
