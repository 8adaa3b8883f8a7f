// Every image of a set through a backbone, batch by batch, into one array of feature vectors: the cache a frozen
// backbone's head trains on. The device is read once per batch; every tensor is disposed.
import type { ImageSet } from '../image-set';
import { bytesToBatch } from '../image-set';
import type { LoadedBackbone } from './load-backbone';

export interface ExtractOptions {
  batchSize?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** count × featureSize floats, image i's vector at [i * featureSize, (i + 1) * featureSize). */
export async function extractFeatures(backbone: LoadedBackbone, set: ImageSet, o: ExtractOptions = {}): Promise<Float32Array> {
  const size = backbone.info.featureSize;
  const batchSize = Math.max(1, Math.floor(o.batchSize ?? 16));
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  const out = new Float32Array(set.count * size);
  for (let start = 0; start < set.count; start += batchSize) {
    if (o.signal?.aborted) throw new DOMException('Feature extraction was cancelled', 'AbortError');
    const n = Math.min(batchSize, set.count - start);
    const batch = bytesToBatch(set.pixels.subarray(start * per, (start + n) * per), set.shape, n);
    const features = backbone.features(batch);
    batch.dispose();
    try {
      if (features.shape[1] !== size) throw new Error(`the backbone gave ${features.shape[1]} features per image, its record says ${size}`);
      out.set(await features.data(), start * size);
    } finally {
      features.dispose();
    }
    o.onProgress?.(start + n, set.count);
  }
  return out;
}
