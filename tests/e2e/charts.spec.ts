// The charts people read, checked in the rendered SVG: loss and accuracy are lines with a dot per epoch on
// whole-number epoch ticks; the live loss chart grows while a run trains; the dark theme reaches the chart's
// background, text and the exported PNG; a 2-class confusion matrix is square; probability bars name classes.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { decode as decodePng } from 'fast-png';
import { importFromPreview } from './ingest-support';

/** `rgb(r, g, b)` of a colour as the page computes it (a theme variable's value, a fill). */
function rgbOf(page: Page, colour: string): Promise<string> {
  return page.evaluate((c) => {
    const probe = document.createElement('span');
    probe.style.color = c;
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color;
    probe.remove();
    return rgb;
  }, colour);
}

async function themeVariable(page: Page, name: string): Promise<string> {
  return rgbOf(page, await page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name));
}

/** What a line chart draws: each line's point count, the x tick labels, the dots, the background's fill. */
async function readLineChart(figure: Locator): Promise<{ lines: number[]; xTicks: string[]; markers: number; background: string; tickFill: string }> {
  return figure.locator('svg').evaluate((svg) => ({
    lines: [...svg.querySelectorAll('path.line')].map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0),
    xTicks: [...svg.querySelectorAll('text.x-tick')].map((t) => t.textContent ?? ''),
    markers: svg.querySelectorAll('circle.marker').length,
    background: getComputedStyle(svg.querySelector('rect.background')!).fill,
    tickFill: getComputedStyle(svg.querySelector('text.tick')!).fill,
  }));
}

async function download(page: Page, button: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await file.path())!);
}

/** A 2-class folder dataset (cat: real images of the digit 0, dog: of the digit 1), made from the fixtures. */
function twoClassFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-charts-')), 'cats and dogs');
  for (const [folder, digit] of [['cat', '0'], ['dog', '1']] as const) {
    mkdirSync(join(dir, folder), { recursive: true });
    for (const name of readdirSync(join('tests/fixtures/small-b', digit)).sort().slice(0, 30)) {
      cpSync(join('tests/fixtures/small-b', digit, name), join(dir, folder, name));
    }
  }
  return dir;
}

test('in the dark theme the sample trains with a growing live loss curve, and its report draws themed lines on whole epochs', async ({ page }) => {
  test.setTimeout(420_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();

  // Live: the loss chart's point count, read every frame, rises between two reads during the same run.
  const grew = await page.waitForFunction(() => {
    const svg = document.querySelector('[data-testid="live-loss"] svg');
    const points = Number(svg?.getAttribute('data-points') ?? 0);
    const seen = window as unknown as { firstLivePoints?: number };
    if (points > 0 && seen.firstLivePoints === undefined) seen.firstLivePoints = points;
    return seen.firstLivePoints !== undefined && points > seen.firstLivePoints ? [seen.firstLivePoints, points] : false;
  }, null, { polling: 'raf', timeout: 300_000 });
  const [first, later] = (await grew.jsonValue()) as [number, number];
  expect(later).toBeGreaterThan(first);

  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const report = page.getByTestId('run-report');
  const background = await themeVariable(page, '--chart-bg');
  expect(background).toBe('rgb(27, 32, 41)');
  for (const title of ['Loss per epoch', 'Accuracy per epoch']) {
    const chart = await readLineChart(report.getByRole('figure', { name: title }));
    // Two connected lines (training and validation) of 4 epochs each, a dot per point, ticks on epochs 1 to 4.
    expect(chart.lines, title).toEqual([4, 4]);
    expect(chart.markers, title).toBe(8);
    expect(chart.xTicks, title).toEqual(['1', '2', '3', '4']);
    expect(chart.background, title).toBe(background);
    expect(chart.tickFill, title).toBe(await themeVariable(page, '--muted'));
  }

  // The PNG keeps the dark background and carries the drawn lines.
  await expect(report.getByTestId('analysis-summary')).toBeVisible({ timeout: 60_000 });
  const png = decodePng(await download(page, report.getByRole('button', { name: 'Download Loss per epoch as PNG' })));
  const pixel = (x: number, y: number) => `rgb(${[0, 1, 2].map((c) => png.data[(y * png.width + x) * png.channels + c]).join(', ')})`;
  expect(pixel(2, 2)).toBe(background);
  const lineColour = await themeVariable(page, '--chart-1');
  let lineish = 0;
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (pixel(x, y) === lineColour) lineish++;
  expect(lineish).toBeGreaterThan(50);
});

test('a 2-class dataset gets a square confusion matrix and probability bars named by class', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Choose folder' })).toBeEnabled();
  await page.getByTestId('folder-input').setInputFiles(twoClassFolder());
  expect(await importFromPreview(page, 'cats and dogs', 'class-folders')).toContain('60 images imported');

  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
  await run.getByRole('button', { name: /Show the report/ }).click();
  const report = page.getByTestId('run-report');
  const matrix = report.getByTestId('confusion-matrix');
  await expect(matrix.locator('rect.cell')).toHaveCount(4, { timeout: 60_000 });
  const cells = await matrix.locator('rect.cell').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect()));
  for (const c of cells) {
    expect(c.width).toBeGreaterThanOrEqual(40);
    expect(c.height).toBeCloseTo(c.width, 0);
  }
  const grid = {
    width: Math.max(...cells.map((c) => c.right)) - Math.min(...cells.map((c) => c.left)),
    height: Math.max(...cells.map((c) => c.bottom)) - Math.min(...cells.map((c) => c.top)),
  };
  expect(grid.width / grid.height).toBeCloseTo(1, 1);
  expect(await matrix.locator('text.label').allTextContents()).toEqual(['cat', 'cat', 'dog', 'dog']);
  // The light theme keeps a white chart.
  expect(await matrix.locator('rect.background').evaluate((r) => getComputedStyle(r).fill)).toBe('rgb(255, 255, 255)');

  const image = readdirSync('tests/fixtures/small-b/1').sort()[40]!;
  await report.getByTestId('try-input').setInputFiles(join('tests/fixtures/small-b/1', image));
  const bars = report.getByTestId('probability-bars');
  await expect(bars.locator('g.bar')).toHaveCount(2);
  expect(await bars.locator('g.bar').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-class')))).toEqual(['cat', 'dog']);
  expect(await bars.locator('text.class-name').allTextContents()).toEqual(['cat', 'dog']);
});
