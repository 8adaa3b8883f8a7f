// Real MNIST digits from the `mnist` package, as bytes, for Node tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Digit {
  label: number;
  pixels: Uint8Array;
}

const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');

/** The first `perClass` digits of each class, interleaved 0,1,…,9,0,1,… */
export function loadDigits(perClass: number): Digit[] {
  const byClass = Array.from({ length: 10 }, (_, label) => {
    const data = (JSON.parse(readFileSync(join(digitsDir, `${label}.json`), 'utf8')) as { data: number[] }).data;
    const count = Math.min(perClass, Math.floor(data.length / 784));
    return Array.from({ length: count }, (_, i) => ({
      label,
      pixels: Uint8Array.from(data.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)),
    }));
  });
  const out: Digit[] = [];
  for (let i = 0; i < perClass; i++) for (const list of byClass) if (list[i]) out.push(list[i] as Digit);
  return out;
}
