// Zips the committed real-photo fixture (tests/fixtures/photos/) into tests/fixtures/photos.zip, byte for byte the
// same every time (sorted entries, one fixed date), so the zip need not be committed.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

export const PHOTOS_DIR = 'tests/fixtures/photos';
export const PHOTOS_ZIP = 'tests/fixtures/photos.zip';

export async function writePhotosZip() {
  const zip = new JSZip();
  const date = new Date(Date.UTC(2022, 5, 1));
  let files = 0;
  for (const label of readdirSync(PHOTOS_DIR).sort()) {
    if (!statSync(join(PHOTOS_DIR, label)).isDirectory()) continue;
    for (const name of readdirSync(join(PHOTOS_DIR, label)).sort()) {
      zip.file(`photos/${label}/${name}`, readFileSync(join(PHOTOS_DIR, label, name)), { date, createFolders: false });
      files++;
    }
  }
  // JPEG and PNG do not shrink further: stored, not deflated.
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  writeFileSync(PHOTOS_ZIP, bytes);
  return { files, bytes: bytes.length };
}
