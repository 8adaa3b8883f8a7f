// The look before the import: layout, classes and counts per split from the file list (and the CSVs), and
// the target image size decided from the sizes in the headers of up to SIZE_SAMPLE images (all of them in a
// folder that small). Cheap: it reads the CSVs and a few hundred images.
import { readImageHeader } from '../core/image-header';
import { decideImageSize, type ImageSize, type ImageSizeDecision } from '../core/image-size';
import { buildManifest, countManifest, csvPathsOf, type LayoutOptions } from '../core/layout';
import type { LayoutKind, Manifest, SkippedFile, Split } from '../core/types';
import type { FileSource } from './sources';

export const SIZE_SAMPLE = 500;

export interface ImportPreview {
  name: string;
  layout: LayoutKind;
  /** The wrapping folder looked through, or ''. */
  root: string;
  classes: string[];
  /** Images per class index, per split. */
  counts: Record<Split, number[]>;
  images: number;
  files: number;
  /** Files already left out by the layout (CSV rows, stray files…); decoding may add more. */
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

/** Sizes of an evenly spread sample of the manifest's images. */
export async function sampleSizes(source: FileSource, manifest: Manifest, limit = SIZE_SAMPLE): Promise<ImportPreview['sizes']> {
  // While a folder is still arriving, the sample comes from what is here (the page sends a sample first).
  const here = source.isReady ? manifest.items.filter((item) => source.isReady?.(item.path)) : manifest.items;
  const items = here.length ? here : manifest.items;
  const step = Math.max(1, items.length / limit);
  const paths: string[] = [];
  for (let i = 0; i < items.length && paths.length < limit; i += step) paths.push((items[Math.floor(i)] as { path: string }).path);
  const counts = new Map<string, { width: number; height: number; count: number; grey: number }>();
  for (const bytes of await source.readMany(paths)) {
    if (!(bytes instanceof Uint8Array)) continue;
    const header = readImageHeader(bytes);
    if (!header.ok) continue;
    const key = `${header.width}x${header.height}`;
    const entry = counts.get(key) ?? { width: header.width, height: header.height, count: 0, grey: 0 };
    entry.count++;
    if (header.grey) entry.grey++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/** The preview; `backboneInput`, when a pretrained backbone is chosen, becomes the suggested size. */
export function previewOf(source: FileSource, manifest: Manifest, sizes: ImportPreview['sizes'], maxSide: number, backboneInput?: ImageSize): ImportPreview {
  const sampled = sizes.reduce((n, s) => n + s.count, 0);
  const sample = { sampled, total: manifest.items.length };
  return {
    name: source.name,
    layout: manifest.layout,
    root: manifest.root,
    classes: manifest.classes,
    counts: countManifest(manifest),
    images: manifest.items.length,
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
