// Identity without a copy. tfjs clones every tensor it saves for the backward pass (and on tf.clone, keep…);
// tfjs-backend-wasm 4.22 copies the whole buffer for each (61 copies per cnn_model step, about 6 ms). No WASM
// kernel writes into its inputs, so sharing the buffer under one more reference is safe, as the CPU and WebGL
// backends (and WASM's own Reshape) already do.
import type * as tf from '@tensorflow/tfjs';
import type { Info, KernelArgs } from './kernel-tensors';

interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

export function identity({ inputs, backend }: KernelArgs): Info {
  const x = inputs.x as Info;
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
