// Where a training loop's batches come from. On WebGPU, when the set fits the device-data budget
// (core/device-data-budget.ts), its bytes go to the GPU once and each batch is gathered there by two dispatches
// from the epoch's order (uploaded once per epoch). Otherwise, and on every other backend, each batch is copied
// out of the bytes on the host and uploaded, as before.
import * as tf from '@tensorflow/tfjs';
import { planDeviceData, type DeviceDataPlan } from '../core/device-data-budget';
import { bytesToBatch, gatherBytes, type ImageSet } from './image-set';
import { featureBatch, isFeatureSet, type FeatureSet, type TrainData } from './feature-set';
import { activeWebGpu, type WebGpuInternals } from './kernels/webgpu/backend-internals';
import { gatherImages, gatherOneHot } from './kernels/webgpu/batch-gather';

export interface Batch {
  /** [n, h, w, c] images, or [n, size] feature vectors. */
  x: tf.Tensor;
  /** One-hot labels (float32 from the device, int32 from the host). */
  y: tf.Tensor2D;
  /** The labels as class indices, when the batch was built on the host. */
  labels?: tf.Tensor1D;
}

export interface BatchSource {
  readonly onDevice: boolean;
  /** Why the set is not on the device (when it is not). */
  readonly reason?: string;
  /** The order of the coming epoch: indices into the set. */
  setOrder(order: Uint32Array): void;
  /** The images order[start…end), owned by the caller. */
  batch(start: number, end: number): Batch;
  dispose(): void;
}

export interface BatchSourceOptions {
  /** Try to keep the set on the device (default true; only WebGPU can). */
  onDevice?: boolean;
  /** Sets resident together with this one (e.g. training and validation), for the budget. */
  alsoResident?: readonly TrainData[];
  budgetBytes?: number;
}

export function makeBatchSource(set: TrainData, classes: number, maxBatch: number, options: BatchSourceOptions = {}): BatchSource {
  if (isFeatureSet(set)) return featureSource(set, classes, maxBatch);
  const backend = options.onDevice === false || set.count === 0 ? undefined : activeWebGpu();
  if (!backend) return hostSource(set, classes, maxBatch, options.onDevice === false ? 'turned off' : set.count === 0 ? 'there are no images' : `the ${tf.getBackend()} backend keeps no data on a device`);
  const plan: DeviceDataPlan = planDeviceData({
    sets: [set, ...(options.alsoResident ?? [])].map((s) => ({ images: s.count, bytesPerImage: isFeatureSet(s) ? 4 * s.size : s.shape[0] * s.shape[1] * s.shape[2] })),
    maxBindingBytes: backend.device.limits.maxStorageBufferBindingSize,
    ...(options.budgetBytes !== undefined ? { budgetBytes: options.budgetBytes } : {}),
  });
  return plan.onDevice ? deviceSource(backend, set, classes) : hostSource(set, classes, maxBatch, plan.reason);
}

/** Bytes → one batch per call on the host: the path every backend has. */
function hostSource(set: ImageSet, classes: number, maxBatch: number, reason: string): BatchSource {
  const buffer = new Uint8Array(maxBatch * set.shape[0] * set.shape[1] * set.shape[2]);
  let order: Uint32Array = new Uint32Array(0);
  return {
    onDevice: false,
    reason,
    setOrder: (o) => void (order = o),
    batch(start, end) {
      const x = bytesToBatch(gatherBytes(set, order, start, end, buffer), set.shape, end - start);
      const labels = tf.tensor1d(Int32Array.from(order.subarray(start, end), (i) => set.labels[i] as number), 'int32');
      return { x, labels, y: tf.oneHot(labels, classes) as tf.Tensor2D };
    },
    dispose: () => undefined,
  };
}

/** Feature vectors are small next to images: each batch is copied out on the host and uploaded. */
function featureSource(set: FeatureSet, classes: number, maxBatch: number): BatchSource {
  const buffer = new Float32Array(maxBatch * set.size);
  let order: Uint32Array = new Uint32Array(0);
  return {
    onDevice: false,
    reason: 'feature vectors are uploaded per batch',
    setOrder: (o) => void (order = o),
    batch(start, end) {
      const x = featureBatch(set, order, start, end, buffer);
      const labels = tf.tensor1d(Int32Array.from(order.subarray(start, end), (i) => set.labels[i] as number), 'int32');
      return { x, labels, y: tf.oneHot(labels, classes) as tf.Tensor2D };
    },
    dispose: () => undefined,
  };
}

/** The set's bytes packed 4 to an i32 (little-endian, as every WebGPU host is). */
function packedPixels(set: ImageSet): tf.Tensor1D {
  const bytes = set.count * set.shape[0] * set.shape[1] * set.shape[2];
  const words = new Int32Array(Math.ceil(bytes / 4));
  new Uint8Array(words.buffer).set(set.pixels.subarray(0, bytes));
  return tf.tensor1d(words, 'int32');
}

function deviceSource(backend: WebGpuInternals, set: ImageSet, classes: number): BatchSource {
  const pixels = packedPixels(set);
  const labels = tf.tensor1d(Int32Array.from(set.labels.subarray(0, set.count)), 'int32');
  let order: tf.Tensor1D | undefined;
  const [h, w, c] = set.shape;
  const asTensor = <T extends tf.Tensor>(info: tf.TensorInfo) => tf.engine().makeTensorFromTensorInfo(info) as T;
  return {
    onDevice: true,
    setOrder(o) {
      order?.dispose();
      order = tf.tensor1d(Int32Array.from(o), 'int32');
    },
    batch(start, end) {
      if (!order) throw new Error('setOrder must come before the first batch');
      const n = end - start;
      return {
        x: asTensor<tf.Tensor4D>(gatherImages(backend, pixels, order, start, [n, h, w, c])),
        y: asTensor<tf.Tensor2D>(gatherOneHot(backend, labels, order, start, n, classes)),
      };
    },
    dispose: () => tf.dispose([pixels, labels, ...(order ? [order] : [])]),
  };
}
