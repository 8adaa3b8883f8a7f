// The size every image of a new dataset is resized to, decided from the sizes of its images: the median width
// and height of the images of the most common orientation (so a mostly-landscape folder gets a landscape size),
// scaled down to the longest side asked for with the aspect kept; or a backbone's own input size when one is
// chosen. The reason is one sentence for the import preview.
import { formatCount } from './format';

export interface ImageSize {
  width: number;
  height: number;
}

/** A size seen `count` times (1 when absent). */
export type SeenSize = ImageSize & { count?: number };

export interface ImageSizeDecision extends ImageSize {
  reason: string;
}

export interface ImageSizeOptions {
  /** Longest side of the result, in pixels (images are never scaled up). */
  maxSide: number;
  /** A pretrained backbone's input size: when given, the result. */
  backboneInput?: ImageSize;
  /** The sizes were read from `sampled` of `total` images (a sample of a big folder); said in the reason. */
  sample?: { sampled: number; total: number };
}

type Orientation = 'landscape' | 'portrait' | 'square';

/** Within 5 % of square counts as square: 640×620 is neither landscape nor portrait to a person. */
const SQUARE_TOLERANCE = 0.05;
/** What an empty sample gives: the digits' size. */
const FALLBACK: ImageSize = { width: 28, height: 28 };

export function orientationOf(size: ImageSize): Orientation {
  const ratio = size.width / size.height;
  return Math.abs(ratio - 1) <= SQUARE_TOLERANCE ? 'square' : ratio > 1 ? 'landscape' : 'portrait';
}

export function decideImageSize(sizes: readonly SeenSize[], options: ImageSizeOptions): ImageSizeDecision {
  const seen = sizes.filter((s) => s.width > 0 && s.height > 0 && (s.count ?? 1) > 0);
  const total = seen.reduce((n, s) => n + (s.count ?? 1), 0);
  const from = options.sample && options.sample.sampled < options.sample.total
    ? `Sizes read from ${formatCount(options.sample.sampled)} of ${formatCount(options.sample.total)} images. `
    : '';
  if (total === 0) {
    const size = options.backboneInput ?? FALLBACK;
    const why = options.backboneInput ? `the backbone's input size` : 'the default';
    return { ...size, reason: `No image size could be read; ${size.width}×${size.height} is ${why}.` };
  }
  const shares = new Map<Orientation, number>([['landscape', 0], ['portrait', 0], ['square', 0]]);
  for (const s of seen) shares.set(orientationOf(s), (shares.get(orientationOf(s)) ?? 0) + (s.count ?? 1));
  // The most common orientation; ties go to square, then landscape (the order of this list).
  const [orientation, count] = (['square', 'landscape', 'portrait'] as const)
    .map((o) => [o, shares.get(o) ?? 0] as const)
    .reduce((best, next) => (next[1] > best[1] ? next : best));
  const group = seen.filter((s) => orientationOf(s) === orientation);
  let median: ImageSize = { width: weightedMedian(group.map((s) => [s.width, s.count ?? 1])), height: weightedMedian(group.map((s) => [s.height, s.count ?? 1])) };
  if (orientationOf(median) !== orientation) {
    // Medians taken side by side can cross over (wide-short and narrow-tall landscapes): keep the median shape instead.
    const ratio = weightedMedian(group.map((s) => [Math.round((s.width / s.height) * 1000), s.count ?? 1])) / 1000;
    median = { width: Math.round(median.height * ratio), height: median.height };
  }
  const what = describeSizes(seen, orientation, count / total, median);
  if (options.backboneInput) {
    const b = options.backboneInput;
    return { ...b, reason: `${from}The backbone takes ${b.width}×${b.height} images, so every image is fitted to that. ${what}.` };
  }
  const scaled = scaleToFit(median, options.maxSide);
  const action = scaled.width === median.width && scaled.height === median.height
    ? `kept at ${scaled.width}×${scaled.height}`
    : `scaled to ${scaled.width}×${scaled.height} (longest side at most ${options.maxSide})`;
  return { ...scaled, reason: `${from}${what}, ${action}.` };
}

function describeSizes(seen: readonly SeenSize[], orientation: Orientation, share: number, median: ImageSize): string {
  if (seen.length === 1 || seen.every((s) => s.width === median.width && s.height === median.height)) {
    return `Every image is ${median.width}×${median.height}`;
  }
  const percent = `${Math.round(share * 100)} %`;
  const most = share === 1 ? `All images are ${orientation}` : share > 0.5 ? `Most images are ${orientation} (${percent})` : `The largest share of images are ${orientation} (${percent})`;
  return `${most}; median ${median.width}×${median.height}`;
}

/** The size with its longest side at most `maxSide`, the aspect kept; never larger than it was. */
export function scaleToFit(size: ImageSize, maxSide: number): ImageSize {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** The middle value of weighted (value, count) pairs; the mean of the two middle ones when the total is even. */
function weightedMedian(pairs: readonly (readonly [number, number])[]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  const at = (k: number): number => {
    let seen = 0;
    for (const [value, c] of sorted) if ((seen += c) > k) return value;
    return (sorted.at(-1) as readonly [number, number])[0];
  };
  return Math.round((at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2);
}
