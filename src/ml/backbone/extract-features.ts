// Every image of a set through a backbone, batch by batch, into one array of feature vectors: the cache a frozen
// backbone's head trains on. A stored split arrives shard by shard; the device is read once per batch; every
// tensor is disposed.
import type { ImageParts, ImageSet } from '../image-set';
import { bytesToBatch } from '../image-set';
import type { LoadedBackbone } from './load-backbone';

export interface ExtractOptions {
  batchSize?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** count × featureSize floats, image i's vector at [i * featureSize, (i + 1) * featureSize). */
export async function extractFeatures(backbone: LoadedBackbone, set: ImageSet, o: ExtractOptions = {}): Promise<Float32Array> {
  const whole: ImageParts = {
    shape: set.shape,
    count: set.count,
    parts: async function* () {
      yield set;
    },
  };
  return (await extractPartFeatures(backbone, whole, o)).values;
}

/**
 * The features of images that arrive in parts, with their labels: only one part's pixels are held at a time, so a
 * split of any size costs its feature vectors and one shard.
 */
export async function extractPartFeatures(backbone: LoadedBackbone, source: ImageParts, o: ExtractOptions = {}): Promise<{ values: Float32Array; labels: Uint16Array }> {
  const size = backbone.info.featureSize;
  const batchSize = Math.max(1, Math.floor(o.batchSize ?? 16));
  const per = source.shape[0] * source.shape[1] * source.shape[2];
  const values = new Float32Array(source.count * size);
  const labels = new Uint16Array(source.count);
  let done = 0;
  for await (const part of source.parts()) {
    const count = Math.min(part.count, source.count - done);
    labels.set(part.labels.subarray(0, count), done);
    for (let start = 0; start < count; start += batchSize) {
      if (o.signal?.aborted) throw new DOMException('Feature extraction was cancelled', 'AbortError');
      const n = Math.min(batchSize, count - start);
      const batch = bytesToBatch(part.pixels.subarray(start * per, (start + n) * per), source.shape, n);
      const features = backbone.features(batch);
      batch.dispose();
      try {
        if (features.shape[1] !== size) throw new Error(`the backbone gave ${features.shape[1]} features per image, its record says ${size}`);
        values.set(await features.data(), (done + start) * size);
      } finally {
        features.dispose();
      }
      o.onProgress?.(done + start + n, source.count);
    }
    done += count;
    if (done === source.count) break;
  }
  if (done !== source.count) throw new Error(`the images ended after ${done} of ${source.count}`);
  return { values, labels };
}
