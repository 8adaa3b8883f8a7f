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

/**
 * Dropped folders up to this many files are walked and read in the ingest worker, one handle per file kept (about
 * 5 KB each, 100 MB here); larger ones are read by path through reader workers (ingest/file-reader), which costs a
 * second request per file but holds nothing per file. Measured on 10,000 dropped digits: 2,600 images/s walked,
 * 2,100–2,500 by path; on 100,000: 1,350 MB at the peak walked, 860–880 MB by path.
 */
export const WALKED_FOLDER_LIMIT = 20_000;

/** Whether a dropped folder of `files` files (listed on the page) is read by path rather than walked. */
export function readsByPath(files: number): boolean {
  return files > WALKED_FOLDER_LIMIT;
}
