// Writes real test data into tests/fixtures/ (git-ignored): the `mnist` package's digits as PNG files in
// both layouts, as folders and as zips, and the zip of the committed real photos (tests/fixtures/photos/). Skips work that is already done unless --force is given.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { datasetFiles, loadDigits } from './digits.mjs';
import { PHOTOS_ZIP, writePhotosZip } from './photos-zip.mjs';

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
// The real photos are committed (their sources come from Debian packages, which need the network); only their zip is made here.
if (force || !existsSync(PHOTOS_ZIP)) {
  const zipped = await writePhotosZip();
  console.log(`${PHOTOS_ZIP}: ${zipped.files} files`);
}
console.log(`fixtures ready in ${root}/`);
