// `npm run bench`: builds the studio, serves it, drives headless Chromium, and prints one JSON object per
// measurement: {"name", "value", "unit", "backend", ...}. Each file in scripts/bench/ adds measurements;
// they run in name order, so the thin path (00-) comes first.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from '@playwright/test';

const port = Number(process.env.TRAINYARD_BENCH_PORT ?? 4175);
const baseURL = `http://127.0.0.1:${port}/`;
const only = process.argv.slice(2);

if (spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) process.exit(1);
spawnSync('node', ['scripts/fixtures.mjs'], { stdio: 'ignore' });
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
const stop = () => {
  try {
    process.kill(-server.pid);
  } catch {}
};
process.on('exit', stop);
await waitFor(baseURL);

const { CHROMIUM_ARGS, findChromium } = await import('./chromium.mjs');
const executablePath = findChromium();
const launch = (args = CHROMIUM_ARGS) => chromium.launch({ args, ...(executablePath ? { executablePath } : {}) });
const print = (m) => console.log(JSON.stringify(m));
const modules = readdirSync(new URL('./bench/', import.meta.url)).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort();
let failed = false;
for (const file of modules) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  const { measure } = await import(`./bench/${file}`);
  try {
    await measure({ baseURL, launch, print });
  } catch (error) {
    failed = true;
    print({ name: file, error: String(error?.message ?? error) });
  }
}
stop();
process.exit(failed ? 1 : 0);

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`${url} did not answer`);
}
