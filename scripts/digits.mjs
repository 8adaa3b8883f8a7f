// Real MNIST digits from the `mnist` package (10,000 digits, about 1,000 per class) as PNG bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encode } from 'fast-png';

const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');

/** Every digit, interleaved by class (0,1,…,9,0,1,…) so any prefix is balanced. */
export function loadDigits(limit = Infinity) {
  const byClass = Array.from({ length: 10 }, (_, label) => {
    const data = JSON.parse(readFileSync(join(digitsDir, `${label}.json`), 'utf8')).data;
    const count = Math.floor(data.length / 784);
    return Array.from({ length: count }, (_, i) => ({
      label,
      pixels: Uint8Array.from(data.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)),
    }));
  });
  const out = [];
  const longest = Math.max(...byClass.map((l) => l.length));
  for (let i = 0; i < longest && out.length < limit; i++) {
    for (const list of byClass) if (list[i] && out.length < limit) out.push(list[i]);
  }
  return out;
}

export function toPng(pixels) {
  return encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 });
}

/**
 * Files of a dataset in memory: layout 'a' (train/ and test/ with groundtruth.csv, paths written from the
 * repository root as the original generator did) or 'b' (one folder per class, no split).
 */
export function datasetFiles(digits, layout, { testShare = 0.2, prefix = 'data/raw_dataset/' } = {}) {
  const files = new Map();
  const testEvery = Math.round(1 / testShare);
  if (layout === 'a') {
    const csv = { train: [], test: [] };
    digits.forEach((d, i) => {
      // digits come interleaved by class, so every run of ten holds one of each: split by runs to stay stratified
      const split = Math.floor(i / 10) % testEvery === testEvery - 1 ? 'test' : 'train';
      const name = `${String(i).padStart(6, '0')}.png`;
      files.set(`${split}/${name}`, toPng(d.pixels));
      csv[split].push(`${prefix}${split}/${name},${d.label}`);
    });
    for (const split of ['train', 'test']) files.set(`${split}/groundtruth.csv`, new TextEncoder().encode(csv[split].join('\n') + '\n'));
  } else {
    digits.forEach((d, i) => files.set(`${d.label}/${String(i).padStart(6, '0')}.png`, toPng(d.pixels)));
  }
  return files;
}
