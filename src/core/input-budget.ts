// What one input may cost, decided from what it declares before any work is done on it: a decoded image from
// its header's size, an unzipped file from the sizes in the zip's central directory, a model from its
// weights manifest. Each check returns the reason in words, naming the size and the limit, or undefined.

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** One decoded image: 8192×8192 RGBA, what the browser's decoder and our canvas hold at most at once. */
export const IMAGE_BYTES_LIMIT = 256 * MiB;
export const IMAGE_SIDE_LIMIT = 8192;
/** One file inside a dataset zip (an image or a CSV): the largest image file that could still decode. */
export const DATASET_ENTRY_LIMIT = IMAGE_BYTES_LIMIT;
/** One file of a run or model (its weights): twice the largest backbone we ship or have seen imported. */
export const RUN_ENTRY_LIMIT = 512 * MiB;
/** All files of a run or study import together: they are held in memory until the one transaction commits. */
export const RUN_ARCHIVE_LIMIT = GiB;
/** One JSON file of a run (run.json, model.json, analysis.json): parsed in one go on the page's thread. */
export const JSON_FILE_LIMIT = 64 * MiB;
/** A zip's central directory (names and sizes only): a million entries with long names fit. */
export const CENTRAL_DIRECTORY_LIMIT = 128 * MiB;
export const ZIP_ENTRY_COUNT_LIMIT = 1_000_000;
/** Classes of an imported model: each becomes a stored name; ImageNet-21k has 21,843. */
export const CLASS_LIMIT = 65_536;
/** Any one size a layer declares (units, filters, a kernel side, an input side): past it, a layer is a bomb. */
export const LAYER_SIZE_LIMIT = 1 << 20;
/** Layers of one model, nested ones included. */
export const LAYER_COUNT_LIMIT = 10_000;

/** Bytes in binary units, as the limits are set: `256 MiB`, `3.0 GiB`. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} bytes`;
  return `${Number.isInteger(value) || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "expands to 3.0 GiB, more than the 512 MiB allowed for one file of a run" when `bytes` is past `limit`. */
export function expansionProblem(bytes: number, limit: number, what: string): string | undefined {
  return bytes > limit ? `expands to ${formatSize(bytes)}, more than the ${formatSize(limit)} allowed for ${what}` : undefined;
}

/** Why an image of this size cannot be decoded (decoders hold it as RGBA: 4 bytes a pixel), or undefined. */
export function imageSizeProblem(width: number, height: number): string | undefined {
  if (width > IMAGE_SIDE_LIMIT || height > IMAGE_SIDE_LIMIT) return `image too large (${width}×${height}; at most ${IMAGE_SIDE_LIMIT} pixels a side)`;
  const bytes = width * height * 4;
  return bytes > IMAGE_BYTES_LIMIT ? `image too large (${width}×${height} decodes to ${formatSize(bytes)}, more than the ${formatSize(IMAGE_BYTES_LIMIT)} allowed for one image)` : undefined;
}

/** Why a model taking `[h, w, c]` images cannot be fed one (it is given one image as float32), or undefined. */
export function modelInputProblem(height: number, width: number, channels: number): string | undefined {
  if (width > IMAGE_SIDE_LIMIT || height > IMAGE_SIDE_LIMIT) return `the model takes ${width}×${height} images, more than the ${IMAGE_SIDE_LIMIT} pixels a side allowed for one image`;
  const bytes = width * height * channels * 4;
  return bytes > IMAGE_BYTES_LIMIT ? `the model takes ${width}×${height}×${channels} images, ${formatSize(bytes)} each as numbers, more than the ${formatSize(IMAGE_BYTES_LIMIT)} allowed for one image` : undefined;
}

const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Bytes of a PNG's inflated pixel stream, from its header: each row is a filter byte and its packed samples;
 * an interlaced image has up to seven passes, each with rows of its own. NaN for a colour type PNG lacks.
 */
export function pngStreamBytes(width: number, height: number, colourType: number, bitDepth: number, interlaced: boolean): number {
  const samples = PNG_SAMPLES[colourType];
  if (!samples) return Number.NaN;
  const rowBytes = (w: number) => (w === 0 ? 0 : 1 + Math.ceil((w * samples * bitDepth) / 8));
  if (!interlaced) return height * rowBytes(width);
  // Adam7: [x start, y start, x step, y step] of each pass.
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return passes.reduce((n, [x0, y0, dx, dy]) => {
    const w = Math.ceil(Math.max(0, width - x0) / dx);
    const h = Math.ceil(Math.max(0, height - y0) / dy);
    return n + (w === 0 ? 0 : h * rowBytes(w));
  }, 0);
}
