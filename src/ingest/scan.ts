// The look before the import: layout, classes and counts per split from the file list (and the CSVs); the first
// bytes of the images, so files that are not images (empty, an HTML page named .png, a truncated PNG) leave the
// count before the user reads it; and the target image size decided from the sizes in the headers of up to
// SIZE_SAMPLE images. Every image is checked in a folder of up to CHECK_ALL; in a bigger one only the sample is,
// and the preview says its count is at most that.
import { checkImageBytes } from '../core/image-check';
import { decideImageSize, type ImageSize, type ImageSizeDecision } from '../core/image-size';
import { MiB } from '../core/input-budget';
import { buildManifest, countManifest, csvPathsOf, type LayoutOptions } from '../core/layout';
import type { LayoutKind, Manifest, SkippedFile, Split } from '../core/types';
import type { FileSource } from './sources';

export const SIZE_SAMPLE = 500;
/** Folders of up to this many images have every one checked before the preview (waiting for any still arriving). */
export const CHECK_ALL = 5000;
/** What those checks read at most; a folder of large photos past it has the rest checked during the import. */
const CHECK_BYTES = 256 * MiB;
/** Files read at once while checking. */
const CHECK_BATCH = 256;

export interface ImportPreview {
  name: string;
  layout: LayoutKind;
  /** The wrapping folder looked through, or ''. */
  root: string;
  classes: string[];
  /** Images per class index, per split. */
  counts: Record<Split, number[]>;
  /** Images to import: at most this many when `unchecked` > 0, exactly this many otherwise. */
  images: number;
  /** Of `images`, how many were not read before the preview: any of them may still turn out not to be an image. */
  unchecked: number;
  files: number;
  /** Files already left out by the layout (CSV rows, stray files…) or by their bytes; decoding may add more. */
  skipped: SkippedFile[];
  split?: { testRatio: number; seed: number };
  /** Decided from the sampled headers' sizes (or a backbone's input), with the reason in words. */
  suggestedSize: ImageSizeDecision;
  /** Sizes seen in the sample, most common first; `grey`: how many of them say in their header they are grey. */
  sizes: { width: number; height: number; count: number; grey?: number }[];
  sampled: number;
}

export async function readManifest(source: FileSource, options: LayoutOptions): Promise<Manifest> {
  const csvTexts = new Map<string, string>();
  for (const path of csvPathsOf(source.entries)) csvTexts.set(path, new TextDecoder().decode(await source.read(path)));
  const manifest = buildManifest(source.entries, csvTexts, options);
  return source.refused?.length ? { ...manifest, skipped: [...source.refused, ...manifest.skipped] } : manifest;
}

/** What reading the images before the preview found. */
export interface ImageLook {
  sizes: ImportPreview['sizes'];
  /** Images whose bytes are not an importable image: path → the reason. */
  bad: Map<string, string>;
  /** How many of the manifest's images were read. */
  checked: number;
}

export interface LookLimits {
  sample: number;
  checkAll: number;
  bytes: number;
}

/**
 * Reads the sample of images for their sizes (spread evenly; from what has arrived, while a folder still is),
 * and, in a folder of up to `checkAll` images, every other image too for its first bytes, within `bytes` read.
 */
export async function lookAtImages(source: FileSource, manifest: Manifest, limits: LookLimits = { sample: SIZE_SAMPLE, checkAll: CHECK_ALL, bytes: CHECK_BYTES }): Promise<ImageLook> {
  const sample = samplePaths(source, manifest, limits.sample);
  const inSample = new Set(sample);
  const rest = manifest.items.length <= limits.checkAll ? manifest.items.map((item) => item.path).filter((path) => !inSample.has(path)) : [];
  const counts = new Map<string, { width: number; height: number; count: number; grey: number }>();
  const bad = new Map<string, string>();
  let checked = 0;
  let bytesRead = 0;
  const batches = [...inBatches(sample), ...inBatches(rest)];
  const samples = Math.ceil(sample.length / CHECK_BATCH);
  for (let b = 0; b < batches.length && (b < samples || bytesRead < limits.bytes); b++) {
    const batch = batches[b] as string[];
    const files = await source.readMany(batch);
    files.forEach((bytes, i) => {
      const path = batch[i] as string;
      checked++;
      if (!(bytes instanceof Uint8Array)) return void bad.set(path, bytes.error);
      bytesRead += bytes.length;
      const result = checkImageBytes(bytes);
      if (!result.ok) return void bad.set(path, result.reason);
      if (!inSample.has(path)) return;
      const { width, height, grey } = result.header;
      const key = `${width}x${height}`;
      const entry = counts.get(key) ?? { width, height, count: 0, grey: 0 };
      entry.count++;
      if (grey) entry.grey++;
      counts.set(key, entry);
    });
  }
  return { sizes: [...counts.values()].sort((a, b) => b.count - a.count), bad, checked };
}

function inBatches(paths: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < paths.length; start += CHECK_BATCH) batches.push(paths.slice(start, start + CHECK_BATCH));
  return batches;
}

/** An evenly spread sample of the manifest's images; while a folder is still arriving, from what is here. */
function samplePaths(source: FileSource, manifest: Manifest, limit: number): string[] {
  const here = source.isReady ? manifest.items.filter((item) => source.isReady?.(item.path)) : manifest.items;
  const items = here.length ? here : manifest.items;
  const step = Math.max(1, items.length / limit);
  const paths: string[] = [];
  for (let i = 0; i < items.length && paths.length < limit; i += step) paths.push((items[Math.floor(i)] as { path: string }).path);
  return paths;
}

/**
 * The manifest without the images found bad, which join the files left out with their reasons. Classes and the
 * split stay as the layout made them, so the dataset (and its id) is what the import made before these checks.
 */
export function withoutBadImages(manifest: Manifest, bad: ReadonlyMap<string, string>): Manifest {
  if (bad.size === 0) return manifest;
  const left = manifest.items.filter((item) => !bad.has(item.path));
  const skipped = [...manifest.skipped, ...manifest.items.filter((item) => bad.has(item.path)).map((item) => ({ path: item.path, reason: bad.get(item.path) as string }))];
  return { ...manifest, items: left, skipped };
}

/** The preview; `backboneInput`, when a pretrained backbone is chosen, becomes the suggested size. */
export function previewOf(source: FileSource, manifest: Manifest, look: ImageLook, maxSide: number, backboneInput?: ImageSize): ImportPreview {
  const sizes = look.sizes;
  const sampled = sizes.reduce((n, s) => n + s.count, 0);
  const sample = { sampled, total: manifest.items.length };
  return {
    name: source.name,
    layout: manifest.layout,
    root: manifest.root,
    classes: manifest.classes,
    counts: countManifest(manifest),
    images: manifest.items.length,
    unchecked: Math.max(0, manifest.items.length + look.bad.size - look.checked),
    files: source.entries.length,
    skipped: manifest.skipped,
    ...(manifest.split ? { split: manifest.split } : {}),
    suggestedSize: sizeFor(sizes, maxSide, sample, backboneInput),
    sizes,
    sampled,
  };
}

/**
 * The size decided from the images; a backbone's input size instead when one will train on them and they are
 * photo-like (colour, at least 32 px on the short side): grey or digit-sized images keep their own size.
 */
export function sizeFor(sizes: ImportPreview['sizes'], maxSide: number, sample: { sampled: number; total: number }, backboneInput: ImageSize | undefined): ImageSizeDecision {
  const own = decideImageSize(sizes, { maxSide, sample });
  const seen = sizes.reduce((n, s) => n + s.count, 0);
  const grey = sizes.reduce((n, s) => n + (s.grey ?? 0), 0);
  // Grey images (digits, scans) keep the small nets, whatever their size: the grid gives a backbone colour photos only.
  if (!backboneInput || Math.min(own.width, own.height) < 32 || grey * 2 >= seen) return own;
  return decideImageSize(sizes, { maxSide, sample, backboneInput });
}
