import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.zip': 'application/zip',
};

/** A static host that cannot send COOP/COEP headers, serving the built app as-is. */
function plainStaticServer(): Promise<{ server: Server; url: string }> {
  const root = join(process.cwd(), 'dist');
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

test('on a host without COOP/COEP headers, the service worker makes the page cross-origin isolated so WASM can use threads', async ({ page }) => {
  const { server, url } = await plainStaticServer();
  try {
    const first = await page.request.get(url);
    expect(first.headers()['cross-origin-embedder-policy']).toBeUndefined();
    await page.goto(url);
    await expect.poll(() => page.evaluate(() => globalThis.crossOriginIsolated), { timeout: 30_000 }).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
    await expect(page.getByTestId('backend')).toBeVisible({ timeout: 60_000 });
  } finally {
    server.close();
  }
});

test('with the preview server\'s headers the page is isolated without a service worker', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
});
