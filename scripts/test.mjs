// `npm test`: type checks, unit tests (Vitest, Node) and browser tests (Playwright, Chromium), each runner's
// own output streamed, then one total line over every suite: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CHROMIUM_HINT, findChromium } from './chromium.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: process.env }).status === 0;
}

const chromium = findChromium();
if (!chromium) {
  console.log(CHROMIUM_HINT);
  process.exit(1);
}

// 1. Types: one check per scope.
const checks = [
  ['npx', ['svelte-check', '--tsconfig', './tsconfig.app.json', '--fail-on-warnings', '--output', 'human']],
  ['npx', ['tsc', '-p', 'tsconfig.core.json']],
  ['npx', ['tsc', '-p', 'tsconfig.worker.json']],
  ['npx', ['tsc', '-p', 'tsconfig.node.json']],
  ['npx', ['tsc', '-p', 'tsconfig.sw.json']],
];
let typesPassed = 0;
for (const [cmd, args] of checks) if (run(cmd, args)) typesPassed++;
console.log(`types: ${typesPassed} passed, ${checks.length - typesPassed} failed`);
totals.passed += typesPassed;
totals.failed += checks.length - typesPassed;

// 2. Real test data, then unit tests.
run('node', ['scripts/fixtures.mjs']);
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
addJson('test-results/unit.json', (r) => ({
  passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.numTotalTestSuites && r.success === false && !r.numFailedTests ? 1 : 0), skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
}));

// 3. Browser tests against the built app.
if (run('npx', ['vite', 'build', '--logLevel', 'warn'])) {
  run('npx', ['playwright', 'test']);
  addJson('test-results/e2e.json', (r) => ({ passed: r.stats?.expected ?? 0, failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0) + (r.errors?.length ?? 0), skipped: r.stats?.skipped ?? 0 }));
} else {
  console.log('build failed: browser tests not run');
  totals.failed++;
}

const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync('test-results/summary.txt', line + '\n');
console.log(`\n${line}`);
process.exit(totals.failed > 0 ? 1 : 0);

function addJson(path, count) {
  if (!existsSync(path)) {
    console.log(`${path} was not written: counting the suite as failed`);
    totals.failed++;
    return;
  }
  const c = count(JSON.parse(readFileSync(path, 'utf8')));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
}
