// Layout detection: from a flat list of file paths (and the text of any groundtruth.csv) to a manifest
// of (path, split, label) items, with every file we will not ingest named and explained.
import { classOrder } from './class-order';
import { parseGroundTruth } from './csv';
import { splitStratified } from './split';
import type { FileEntry, LayoutKind, Manifest, ManifestItem, SkippedFile, Split } from './types';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'] as const;
const CSV_NAME = 'groundtruth.csv';
// A Map, not an object literal: a folder named `constructor` or `__proto__` must not look like a split.
const SPLIT_FOLDERS: ReadonlyMap<string, Split> = new Map([['train', 'train'], ['test', 'test'], ['val', 'val'], ['valid', 'val'], ['validation', 'val']]);

export interface LayoutOptions {
  /** Test share for class folders without a split. */
  testRatio: number;
  seed: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { testRatio: 0.2, seed: 42 };

/** '/'-separated, no leading './' or '/'. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/{2,}/g, '/');
}

/** Orders records by path (code unit order): file lists, reports and walks all sort this way. */
export function comparePaths(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** System files that nobody means as data: skipped without a word. */
export function isSystemFile(path: string): boolean {
  return normalizePath(path)
    .split('/')
    .some((part) => part.startsWith('.') || part === '__MACOSX' || /^(thumbs\.db|desktop\.ini)$/i.test(part));
}

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isImagePath(path: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}

/** The paths of groundtruth.csv files whose text `buildManifest` will need. */
export function csvPathsOf(entries: readonly FileEntry[]): string[] {
  return entries.map((e) => normalizePath(e.path)).filter((p) => !isSystemFile(p) && baseName(p).toLowerCase() === CSV_NAME);
}

/**
 * Builds the manifest. `csvTexts` maps each path from `csvPathsOf` to its text.
 * Never throws on bad data: every file left out is in `skipped` with its reason.
 */
export function buildManifest(
  entries: readonly FileEntry[],
  csvTexts: ReadonlyMap<string, string>,
  options: LayoutOptions = DEFAULT_LAYOUT_OPTIONS,
): Manifest {
  // Sorted by code unit, so the same files give the same items (and the same split) whatever order they came in.
  const paths = [...new Set(entries.map((e) => normalizePath(e.path)).filter((p) => p !== '' && !isSystemFile(p)))].sort(byCodeUnit);
  const root = wrapperOf(paths);
  const rel = (p: string) => p.slice(root.length);
  const hasSplitFolders = paths.some((p) => splitOf(rel(p)) !== undefined && rel(p).includes('/'));
  const hasCsv = paths.some((p) => baseName(p).toLowerCase() === CSV_NAME && splitOf(rel(p)) !== undefined);
  const layout: LayoutKind = hasSplitFolders ? (hasCsv ? 'csv' : 'class-split') : 'class-folders';
  const skipped: SkippedFile[] = [];
  const items: ManifestItem[] = [];

  if (layout === 'csv') collectFromCsv(paths, root, csvTexts, items, skipped);
  else collectFromFolders(paths, root, layout, items, skipped);

  // A CSV's labels in the order its training rows first use them (items keep the rows' order); folders by name.
  const classes = classOrder(layout, items.filter((i) => i.split === 'train').map((i) => i.label));
  const known = new Set(classes);
  const kept = items.filter((item) => {
    if (known.has(item.label)) return true;
    skipped.push({ path: item.path, reason: `label "${item.label}" not found: no training image has it` });
    return false;
  });

  const manifest: Manifest = { layout, root, items: kept, classes, skipped };
  if (layout === 'class-folders') {
    const isTest = splitStratified(kept, (i) => i.label, options.testRatio, options.seed);
    kept.forEach((item, index) => (item.split = isTest[index] ? 'test' : 'train'));
    manifest.split = { testRatio: options.testRatio, seed: options.seed };
  }
  return manifest;
}

function collectFromFolders(paths: string[], root: string, layout: LayoutKind, items: ManifestItem[], skipped: SkippedFile[]): void {
  for (const path of paths) {
    const parts = path.slice(root.length).split('/');
    let split: Split = 'train';
    if (layout === 'class-split') {
      const s = SPLIT_FOLDERS.get((parts[0] ?? '').toLowerCase());
      if (!s) {
        skipped.push({ path, reason: 'outside the train/ and test/ folders' });
        continue;
      }
      split = s;
      parts.shift();
    }
    if (parts.length < 2) {
      skipped.push({ path, reason: 'not inside a class folder' });
      continue;
    }
    if (!isImagePath(path)) {
      skipped.push({ path, reason: notImageReason(path) });
      continue;
    }
    items.push({ path, split, label: parts[0] as string });
  }
}

function collectFromCsv(
  paths: string[],
  root: string,
  csvTexts: ReadonlyMap<string, string>,
  items: ManifestItem[],
  skipped: SkippedFile[],
): void {
  const claimed = new Set<string>();
  const csvPaths = new Set<string>();
  for (const csvPath of paths.filter((p) => baseName(p).toLowerCase() === CSV_NAME)) {
    const folder = csvPath.slice(0, csvPath.lastIndexOf('/') + 1);
    const split = splitOf(csvPath.slice(root.length));
    if (!split) continue;
    csvPaths.add(csvPath);
    const inFolder = paths.filter((p) => p.startsWith(folder) && p !== csvPath);
    const byPath = new Set(inFolder);
    const byName = new Map<string, string>();
    for (const p of inFolder) if (!byName.has(baseName(p))) byName.set(baseName(p), p);
    const text = csvTexts.get(csvPath);
    if (text === undefined) {
      skipped.push({ path: csvPath, reason: 'could not be read' });
      continue;
    }
    const { rows, problems } = parseGroundTruth(text);
    for (const problem of problems) skipped.push({ path: `${csvPath}:${problem.line}`, reason: problem.reason });
    const firstLine = new Map<string, number>();
    for (const row of rows) {
      const rowPath = normalizePath(row.path);
      const path = byPath.has(folder + rowPath) ? folder + rowPath : byName.get(baseName(rowPath));
      if (!path) {
        skipped.push({ path: `${csvPath}:${row.line}`, reason: `names a missing file: "${row.path}" is not in ${folder || 'the folder'}` });
        continue;
      }
      const first = firstLine.get(path);
      if (first !== undefined) {
        skipped.push({ path: `${csvPath}:${row.line}`, reason: `image listed twice: ${path} is already on line ${first}` });
        continue;
      }
      firstLine.set(path, row.line);
      claimed.add(path);
      items.push({ path, split, label: row.label });
    }
  }
  for (const path of paths) {
    if (claimed.has(path) || csvPaths.has(path)) continue;
    const split = splitOf(path.slice(root.length));
    skipped.push({
      path,
      reason: split ? `not listed in ${path.slice(0, root.length)}${path.slice(root.length).split('/')[0]}/${CSV_NAME}` : 'outside the train/ and test/ folders',
    });
  }
}

function notImageReason(path: string): string {
  const ext = extensionOf(path);
  return ext ? `not an image file (.${ext})` : 'not an image file (no extension)';
}

function splitOf(relPath: string): Split | undefined {
  const first = relPath.split('/')[0] ?? '';
  return relPath.includes('/') ? SPLIT_FOLDERS.get(first.toLowerCase()) : undefined;
}

/** A single folder wrapping everything (`my_data/…`), looked through; '' when there is none. */
function wrapperOf(paths: readonly string[]): string {
  let root = '';
  for (;;) {
    const rest = paths.map((p) => p.slice(root.length));
    const first = rest[0]?.split('/')[0];
    if (first === undefined || rest.some((p) => !p.startsWith(first + '/'))) return root;
    if (SPLIT_FOLDERS.get(first.toLowerCase())) return root;
    // A lone class folder (`cat/1.png`) is data, not a wrapper: look through only when there is more depth below.
    if (!rest.some((p) => p.split('/').length >= 3)) return root;
    root += first + '/';
  }
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Counts per split and class, for the import preview and the dataset card. */
export function countManifest(manifest: Manifest): Record<Split, number[]> {
  const index = new Map(manifest.classes.map((c, i) => [c, i]));
  const counts: Record<Split, number[]> = {
    train: manifest.classes.map(() => 0),
    val: manifest.classes.map(() => 0),
    test: manifest.classes.map(() => 0),
  };
  for (const item of manifest.items) {
    const i = index.get(item.label);
    if (i !== undefined) counts[item.split][i] = (counts[item.split][i] ?? 0) + 1;
  }
  return counts;
}
