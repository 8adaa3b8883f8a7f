// The order in which picked files cross to the import worker: the CSVs and an evenly spread sample of images
// first, so the preview can be shown while the rest are still on their way.
import { isImagePath, isSystemFile, normalizePath } from './layout';

/**
 * Indices into `paths`: first the groundtruth.csv files and up to `sample` images spread evenly (`early` of
 * them), then the rest in order.
 */
export function handOverOrder(paths: readonly string[], sample: number): { order: number[]; early: number } {
  const csv: number[] = [];
  const images: number[] = [];
  paths.forEach((path, i) => {
    const p = normalizePath(path);
    if (isSystemFile(p)) return;
    if (/(^|\/)groundtruth\.csv$/i.test(p)) csv.push(i);
    else if (isImagePath(p)) images.push(i);
  });
  const step = Math.max(1, images.length / sample);
  const early = new Set(csv);
  for (let k = 0; k < images.length && early.size < csv.length + sample; k += step) early.add(images[Math.floor(k)] as number);
  return { order: [...early, ...paths.map((_, i) => i).filter((i) => !early.has(i))], early: early.size };
}
