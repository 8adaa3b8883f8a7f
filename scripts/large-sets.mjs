// The large data sets of issue 15, made on demand into a git-ignored cache (node_modules/.cache/trainyard-large/):
//  - digits-<n>: real-based 28×28 gray digits (scripts/large-digits.mjs) as PNG files in train/ and test/ folders,
//    each with a groundtruth.csv (one digit in five to test, stratified), the layout of the digit fixtures;
//  - photos-<n>: 96×96 colour JPEG crops of real photos (scripts/large-photos.mjs), one folder per class.
// Deterministic (seeded): the same name gives the same files. A set is made once; a `.complete` file marks it done.
// Usage: node scripts/large-sets.mjs digits-100000 photos-30000 photos-20000 [--force]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetFiles } from './digits.mjs';
import { augmentedDigits } from './large-digits.mjs';
import { writePhotoCrops } from './large-photos.mjs';

export const LARGE_SETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'trainyard-large');
const SEED = 15;
// Bump when the files a name stands for change, so caches made before are made again.
const VERSION = 1;

/** `digits-100000` → { kind: 'digits', count: 100000 }. */
export function parseSetName(name) {
  const match = /^(digits|photos)-(\d+)$/.exec(name);
  if (!match) throw new Error(`${name}: a large set is named digits-<count> or photos-<count>`);
  return { kind: match[1], count: Number(match[2]) };
}

/** The folder of set `name`, made first when it is not there yet (or when `force`). */
export async function ensureLargeSet(name, { force = false, log = () => {} } = {}) {
  const { kind, count } = parseSetName(name);
  const dir = join(LARGE_SETS_DIR, name);
  const marker = join(dir, '.complete');
  const stamp = JSON.stringify({ kind, count, seed: SEED, version: VERSION });
  if (!force && existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const bytes = kind === 'digits' ? writeDigits(dir, count) : await writePhotoCrops(dir, { count, side: 96, seed: SEED });
  writeFileSync(marker, stamp);
  log(`${dir}: ${count} ${kind}, ${(bytes / 1e6).toFixed(1)} MB in files, made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

function writeDigits(dir, count) {
  let bytes = 0;
  for (const [path, file] of datasetFiles(augmentedDigits(count, SEED), 'a')) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, file);
    bytes += file.length;
  }
  return bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const force = process.argv.includes('--force');
  for (const name of names.length ? names : ['digits-100000', 'photos-30000', 'photos-20000']) {
    console.log(await ensureLargeSet(name, { force, log: console.log }));
  }
}
