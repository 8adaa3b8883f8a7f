// The views with a large studio (issue 15, point 4): bench/views.html seeds a profile on disk, through the app's own
// stores, with 100,000 real-based 28×28 digits (shards of 4,096) and 500 finished runs with 20 epochs of history and
// analyses (confusion matrix, per-class scores, 24 + 24 failure cases with pixels); then the studio opens and the
// page measures, frame by frame, when each view first shows: the datasets list, the run list and the start-up report
// after navigation; the leaderboard, the dataset view (histograms and sample grid) and one run's report after the
// click that opens them. Also the main thread's long tasks in each phase and the JS heap (CDP Performance metrics).
// TRAINYARD_BENCH_VIEWS_IMAGES and TRAINYARD_BENCH_VIEWS_RUNS change the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { loadDigits } from '../digits.mjs';

const IMAGES = Number(process.env.TRAINYARD_BENCH_VIEWS_IMAGES ?? 100_000);
const RUNS = Number(process.env.TRAINYARD_BENCH_VIEWS_RUNS ?? 500);
const VIEW_TIMEOUT_MS = 120_000;
/** What the page watches for after navigation: each view's first frame. */
const STARTUP = {
  datasetsList: '[data-testid="dataset-card"]',
  runList: '[data-testid="run"]',
  startupReport: '[data-testid="run-report"] [data-testid="analysis-summary"]',
};

export async function measure({ baseURL, print }) {
  const profile = mkdtempSync(join(tmpdir(), 'trainyard-views-bench-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, { headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 }, ...(executablePath ? { executablePath } : {}) });
  try {
    const seeded = await seed(context, baseURL);
    const common = { backend: 'main thread', images: seeded.images, runs: seeded.runs };
    print({ name: 'views: seed the large studio', value: round(seeded.seconds, 1), unit: 's', ...common, shards: seeded.shards, analyses: seeded.analyses });

    const page = await context.newPage();
    await page.addInitScript(watchViews, STARTUP);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMB = async () => round(metric(await cdp.send('Performance.getMetrics'), 'JSHeapUsedSize') / 1e6, 1);

    await page.goto(baseURL, { waitUntil: 'commit' });
    await page.waitForFunction((keys) => keys.every((k) => k in globalThis.viewsBench.firstSeen), Object.keys(STARTUP), { timeout: VIEW_TIMEOUT_MS });
    await page.waitForTimeout(1500); // work that trails the first frames (analyses, the queue's sync) counts too
    const startup = await page.evaluate(() => ({ ...globalThis.viewsBench.firstSeen, ...globalThis.viewsBench.takeLongTasks() }));
    const runRows = await page.locator('[data-testid="run"]').count();
    for (const key of Object.keys(STARTUP)) {
      print({ name: `views: ${key} after navigation`, value: round(startup[key]), unit: 'ms', ...common, ...(key === 'runList' ? { rowsRendered: runRows } : {}) });
    }
    print({ name: 'views: start-up long tasks', value: startup.count, unit: 'tasks', ...common, totalMs: round(startup.total), longestMs: round(startup.longest), busyUntilMs: round(startup.lastEnd), jsHeapMB: await heapMB() });

    const view = async (name, click, until, extra = async () => ({})) => {
      const { ms, clickedAt } = await page.evaluate(openView, { click, until, timeout: VIEW_TIMEOUT_MS });
      await page.waitForTimeout(1000);
      const tasks = await page.evaluate((since) => globalThis.viewsBench.takeLongTasks(since), clickedAt);
      print({
        name: `views: ${name}`, value: round(ms), unit: 'ms', ...common, busyUntilMs: round(Math.max(ms, tasks.lastEnd)),
        longTasks: tasks.count, longTasksMs: round(tasks.total), longestMs: round(tasks.longest), jsHeapMB: await heapMB(), ...(await extra()),
      });
    };
    await view('leaderboard after its click', '[aria-label="Report view"] button:nth-child(2)', ['[data-testid="leaderboard-row"]'],
      async () => ({ rowsRendered: await page.locator('[data-testid="leaderboard-row"]').count() }));
    await view('dataset view (histograms, sample grid) after its click', '[data-testid="dataset-card"] button', ['[data-testid="dataset-view"] figure', '[data-testid="sample-canvas"]']);
    const second = await page.locator('[data-testid="run"]').nth(1).getAttribute('data-run-id');
    await view('run report after its click', `[data-testid="run"][data-run-id="${second}"] button.link`,
      [`[data-testid="run-report"][data-run-id="${second}"] [data-testid="analysis-summary"]`, `[data-testid="run-report"][data-run-id="${second}"] canvas`]);
    await cdp.send('HeapProfiler.collectGarbage');
    print({ name: 'views: JS heap after every view, after GC', value: await heapMB(), unit: 'MB', ...common });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Seeds the profile's database from bench/views.html, with the 10,000 real digits shifted into IMAGES images. */
async function seed(context, baseURL) {
  const page = await context.newPage();
  await page.goto(new URL('bench/views.html', baseURL).href);
  await page.waitForFunction(() => typeof globalThis.trainyardViewsBench === 'object');
  const digits = loadDigits();
  const pixels = new Uint8Array(digits.length * 784);
  digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
  const result = await page.evaluate(async ({ pixels, labels, images, runs }) => {
    const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
    return globalThis.trainyardViewsBench.seed({ images, runs, digits: { pixels: bytes(pixels), labels: bytes(labels) } });
  }, { pixels: Buffer.from(pixels).toString('base64'), labels: Buffer.from(Uint8Array.from(digits, (d) => d.label)).toString('base64'), images: IMAGES, runs: RUNS });
  await page.close();
  return result;
}

/** Init script: long tasks as they come, and the first frame in which each start-up view is in the page. */
function watchViews(selectors) {
  const state = { firstSeen: {}, longTasks: [] };
  /** Long tasks since the last call: how many, their sum, the longest, and when the last one ended (ms after `since`). */
  state.takeLongTasks = (since = 0) => {
    const tasks = state.longTasks.splice(0);
    const durations = tasks.map((t) => t.duration);
    return { count: tasks.length, total: durations.reduce((s, t) => s + t, 0), longest: Math.max(0, ...durations), lastEnd: Math.max(0, ...tasks.map((t) => t.startTime + t.duration - since)) };
  };
  globalThis.viewsBench = state;
  new PerformanceObserver((list) => state.longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  const tick = () => {
    for (const [key, selector] of Object.entries(selectors)) if (!(key in state.firstSeen) && document.querySelector(selector)) state.firstSeen[key] = performance.now();
    if (Object.keys(state.firstSeen).length < Object.keys(selectors).length) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * In the page: clicks `click` and resolves to the milliseconds until the first frame in which every `until` is there
 * (and when the click was). Work that goes on after that frame shows in `busyUntilMs`: the end of the last long task.
 */
function openView({ click, until, timeout }) {
  const target = document.querySelector(click);
  if (!target) throw new Error(`nothing to click at ${click}`);
  const started = performance.now();
  target.click();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (until.every((s) => document.querySelector(s))) return resolve({ ms: performance.now() - started, clickedAt: started });
      if (performance.now() - started > timeout) return reject(new Error(`${until.join(', ')} did not show within ${timeout} ms`));
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

const metric = (result, name) => result.metrics.find((m) => m.name === name)?.value ?? Number.NaN;
const round = (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;
