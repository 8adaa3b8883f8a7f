// Hostile names and the security headers, in the built app: class folders named like JavaScript's own
// properties import and train; a 240-character name never widens the page; a right-to-left override in a
// name never reorders the text around it; every chart draws under the CSP (no 'unsafe-eval') without a
// violation; vite preview and the static host (through the service worker) send the CSP with frame protection.
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SECURITY_HEADERS } from '../../src/pwa/content-policy';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';

const LONG = `long-${'n'.repeat(235)}`;
const RTL = 'evil\u202Egnp.exe';
/** Folder → the digit class of small-b whose real images it gets. */
const FOLDERS: [string, string][] = [['__proto__', '0'], ['constructor', '1'], ['cat', '2'], ['dog', '3'], [LONG, '4'], [RTL, '5']];
const DATASET = `names-\u202E${'d'.repeat(60)}`;

function hostileFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-names-')), DATASET);
  for (const [folder, digit] of FOLDERS) {
    mkdirSync(join(dir, folder), { recursive: true });
    for (const name of readdirSync(join('tests/fixtures/small-b', digit)).sort().slice(0, 20)) {
      cpSync(join('tests/fixtures/small-b', digit, name), join(dir, folder, name));
    }
  }
  return dir;
}

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && console.push(m.text()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []))];
}

/** Marks a chart draws (a line's points, matrix cells, bars), read from its SVG: a chart, not an empty box. */
async function marksOf(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('svg').first().evaluate((svg) => {
    const linePoints = [...svg.querySelectorAll('path.line')].reduce((n, p) => n + ((p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0), 0);
    return linePoints + svg.querySelectorAll('rect.cell, g.bar').length;
  });
}

/** The page is exactly as wide as the viewport: nothing pushes it sideways. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Two frames: the resize is laid out, and charts observing their width have redrawn.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const widths = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // The innermost elements reaching past the viewport, named in the failure message.
      const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > client + 0.5 && e.getBoundingClientRect().width > 0);
      return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(-6).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`) };
    });
    expect(widths.scroll, `${where} at ${width} px: ${widths.wide.join('; ')}`).toBe(widths.client);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

/**
 * Every text holding the override is isolated from the rest of its line: it sits in an inline element whose
 * unicode-bidi isolates it (a <bdi>, or our styled strong, code…), or is alone in its block (a block, a cell or
 * an inline-block starts a paragraph of its own, so an override ends with it).
 */
async function overridesLeakingOut(page: Page, names: string[], within = 'body'): Promise<string[]> {
  return page.evaluate(([names, within]) => {
    // A name cut short for a chart label ends in an ellipsis.
    const isName = (text: string) => names.some((n) => text === n || (text.endsWith('…') && n.startsWith(text.slice(0, -1))));
    const leaks: string[] = [];
    for (const root of document.querySelectorAll(within)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Names inside U+2068 … U+2069 (first-strong isolate … pop isolate) are isolated in the text itself: a
        // tooltip (an SVG <title>) cannot hold a <bdi>.
        if (!node.textContent?.replace(/\u2068[^\u2069]*\u2069/g, '').includes('\u202E')) continue;
        // Glued into a longer text ("Test accuracy on <name>: …"), the override reorders the rest of it.
        let isolated = false;
        for (let el = isName(node.textContent.trim()) ? node.parentElement : null; el; el = el.parentElement) {
          const style = getComputedStyle(el);
          const inline = style.display === 'inline' || style.display === 'contents';
          if (inline && /isolate|plaintext/.test(style.unicodeBidi)) { isolated = true; break; }
          if (!inline) {
            isolated = (el.textContent ?? '').trim() === node.textContent.trim();
            break;
          }
        }
        if (!isolated) leaks.push(`${node.parentElement?.tagName}: ${node.parentElement?.textContent?.trim().slice(0, 80)}`);
      }
    }
    return leaks;
  }, [names, within] as const);
}

test('vite preview sends the CSP as a header, with frame-ancestors and X-Frame-Options', async ({ request }) => {
  const response = await request.get('/');
  expect(response.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers()['content-security-policy']).not.toContain("'unsafe-eval'");
  expect(response.headers()['x-frame-options']).toBe('DENY');
});

test('on a static host without headers the service worker adds the CSP and frame protection', async ({ page, baseURL }) => {
  const url = `http://127.0.0.1:${Number(new URL(baseURL as string).port) + 10}/hosted/trainyard/`;
  const plain = await page.request.get(url);
  expect(plain.headers()['content-security-policy']).toBeUndefined();
  await page.goto(url);
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 30_000 }).toBe(true);
  await page.waitForLoadState('load');
  const headers = await page.evaluate(async () => {
    const r = await fetch(location.href);
    return { csp: r.headers.get('content-security-policy'), frame: r.headers.get('x-frame-options') };
  });
  expect(headers).toEqual({ csp: SECURITY_HEADERS['Content-Security-Policy'], frame: 'DENY' });
});

test('classes named __proto__ and constructor, a 240-character name and a right-to-left override import, train, and draw every chart under the CSP', async ({ page }) => {
  test.setTimeout(480_000);
  const violations = await watchViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Choose folder' })).toBeEnabled();

  await page.getByTestId('folder-input').setInputFiles(hostileFolder());
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('preview-count-train')).toHaveText(/\d/);
  await expectNoSidewaysScroll(page, 'the import preview');
  expect(await importFromPreview(page, DATASET, 'class-folders')).toContain('120 images imported');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect([...dataset!.classes].sort()).toEqual(FOLDERS.map(([f]) => f).sort());
  expect(dataset!.report.skipped).toEqual([]);
  for (const split of ['train', 'test'] as const) expect(dataset!.counts[split]?.perClass.every((n) => n > 0)).toBe(true);

  await page.getByRole('button', { name: `Show dataset ${DATASET}` }).click();
  await expect(page.getByTestId('sample-row')).toHaveCount(FOLDERS.length);
  await expectNoSidewaysScroll(page, 'the dataset view');

  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
  await run.getByRole('button', { name: /Show the report/ }).click();
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('confusion-table')).toHaveAttribute('data-total', String(dataset!.counts.test!.total), { timeout: 60_000 });
  for (const id of ['loss-curve', 'accuracy-curve', 'confusion-matrix', 'reliability']) {
    await expect(report.getByTestId(id).locator('svg')).toBeVisible();
    await expect.poll(() => marksOf(page, id), { message: `${id} draws` }).toBeGreaterThan(3);
  }
  const failures = report.getByTestId('failure');
  if (await failures.count()) {
    await failures.first().click();
    await expect(report.getByTestId('probability-bars').locator('svg')).toBeVisible();
    await expect.poll(() => marksOf(page, 'probability-bars'), { message: 'probability bars draw' }).toBe(FOLDERS.length);
  }
  await expect(report.getByTestId('class-table').locator('tbody tr')).toHaveCount(FOLDERS.length);
  // The charts, while the report shows them (their labels, tooltips, captions and descriptions).
  expect(await overridesLeakingOut(page, [DATASET, RTL], '[data-testid="run-report"] figure')).toEqual([]);
  await expectNoSidewaysScroll(page, 'the run report');
  await page.getByRole('button', { name: 'Leaderboard' }).click();
  await expect(page.getByTestId('leaderboard-row').first()).toBeVisible();
  await expectNoSidewaysScroll(page, 'the leaderboard');
  await page.getByRole('button', { name: 'Leaderboard' }).click();

  expect(await overridesLeakingOut(page, [DATASET, RTL])).toEqual([]);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});
