// Writes real test data into tests/fixtures/ (git-ignored): the `mnist` package's digits as PNG files in
// both layouts, as folders and as zips. Skips work that is already done unless --force is given.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { datasetFiles, loadDigits } from './digits.mjs';

const root = 'tests/fixtures';
const force = process.argv.includes('--force');
const all = loadDigits();
const sets = [
  { name: 'digits-a', digits: all, layout: 'a' },
  { name: 'digits-b', digits: all, layout: 'b' },
  { name: 'small-a', digits: all.slice(0, 1000), layout: 'a' },
  { name: 'small-b', digits: all.slice(0, 1000), layout: 'b' },
];

for (const set of sets) {
  const dir = join(root, set.name);
  const zipPath = join(root, `${set.name}.zip`);
  if (!force && existsSync(join(dir, '.complete')) && existsSync(zipPath)) continue;
  rmSync(dir, { recursive: true, force: true });
  const files = datasetFiles(set.digits, set.layout);
  const zip = new JSZip();
  for (const [path, bytes] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    zip.file(`${set.name}/${path}`, bytes, { date: new Date(Date.UTC(2022, 5, 1)) });
  }
  writeFileSync(zipPath, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  writeFileSync(join(dir, '.complete'), '');
  console.log(`${dir}: ${files.size} files; ${zipPath}`);
}
console.log(`fixtures ready in ${root}/`);
