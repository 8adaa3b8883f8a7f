// Memory of a Chromium profile's processes, read from outside (/proc), for benchmarks and browser tests: asking
// the page (performance.measureUserAgentSpecificMemory) while a worker writes through OPFS sync access handles
// hung that worker, so the peak is sampled from here. "Page" means the renderer processes of the profile (the
// page and its dedicated workers live there), without the browser's own WebUI renderers.
import { readdirSync, readFileSync } from 'node:fs';

/** Resident bytes by kind: page (renderers), storage (the storage service: IndexedDB, OPFS), browser, gpu. */
export function profileRss(profile) {
  const rss = { page: 0, storage: 0, browser: 0, gpu: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd;
    let status;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(profile)) continue;
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue; // the process ended between the listing and the read
    }
    const bytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    const kind = processKind(cmd);
    if (kind) rss[kind] += bytes;
  }
  return rss;
}

function processKind(cmd) {
  if (cmd.includes('--type=renderer')) return cmd.includes('--top-chrome-webui') || cmd.includes('--extension-process') ? undefined : 'page';
  if (cmd.includes('StorageService')) return 'storage';
  if (cmd.includes('--type=gpu-process')) return 'gpu';
  return cmd.includes('--type=') ? undefined : 'browser';
}

/**
 * Samples profileRss every `everyMs` until stopped: the peak of each kind, and the page's series (seconds since the
 * start, bytes) to show how memory moves through a phase.
 */
export function sampleProfileRss(profile, everyMs = 250) {
  const started = Date.now();
  const peak = { page: 0, storage: 0, browser: 0, gpu: 0 };
  const series = [];
  const sample = () => {
    const now = profileRss(profile);
    for (const kind of Object.keys(peak)) peak[kind] = Math.max(peak[kind], now[kind]);
    series.push([(Date.now() - started) / 1000, now.page]);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peak, series };
    },
  };
}

/** About `points` evenly spaced entries of a series, the last one always kept. */
export function thinSeries(series, points = 10) {
  const step = Math.max(1, Math.ceil(series.length / points));
  return series.filter((_, i) => i % step === 0 || i === series.length - 1);
}
