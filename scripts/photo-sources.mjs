// The photographs the real-photo data is cut from: Debian's python3-skimage and python3-sklearn ship them
// (sources and licences: tests/fixtures/photos-sources.md). Fetched once with `apt-get download` and unpacked.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_SOURCES = '/tmp/trainyard-photo-sources';
const skimage = 'usr/lib/python3/dist-packages/skimage/data';
const sklearn = 'usr/lib/python3/dist-packages/sklearn/datasets/images';

/** class name → the photo it is cropped from (relative to the unpacked packages). */
export const PHOTO_CLASSES = [
  { name: 'astronaut', file: `${skimage}/astronaut.png` },
  { name: 'cat', file: `${skimage}/chelsea.png` },
  { name: 'coffee', file: `${skimage}/coffee.png` },
  { name: 'rocket', file: `${skimage}/rocket.jpg` },
  { name: 'galaxies', file: `${skimage}/hubble_deep_field.jpg` },
  { name: 'retina', file: `${skimage}/retina.jpg` },
  { name: 'temple', file: `${sklearn}/china.jpg` },
  { name: 'flower', file: `${sklearn}/flower.jpg` },
];

/** Downloads and unpacks the two packages into `sources` unless every photo is already there. */
export function ensureSources(sources = DEFAULT_SOURCES) {
  if (PHOTO_CLASSES.every((c) => existsSync(join(sources, c.file)))) return sources;
  mkdirSync(sources, { recursive: true });
  execFileSync('apt-get', ['download', 'python3-skimage', 'python3-sklearn'], { cwd: sources, stdio: 'inherit' });
  for (const deb of readdirSync(sources).filter((f) => f.endsWith('.deb'))) execFileSync('dpkg', ['-x', deb, '.'], { cwd: sources });
  return sources;
}
