// tfjs-layers' Dropout with its random mask drawn on the GPU (kernels/webgpu/dropout.ts) while WebGPU is active
// and the layer is training; in every other case the layer's own call runs. Like fused-activation.ts, only the
// layer's call changes, so a saved model is a plain Dropout layer.
import * as tf from '@tensorflow/tfjs';
import { activeWebGpu, type WebGpuInternals } from './kernels/webgpu/backend-internals';
import { dropoutWithSeed } from './kernels/webgpu/dropout';

type CallArgs = Parameters<tf.layers.Layer['call']>;

const asTensor = (info: tf.TensorInfo): tf.Tensor => tf.engine().makeTensorFromTensorInfo(info);

/** Dropout of `x` at `rate` whose gradient applies the same mask (the seed is kept, not the mask). */
function dropout(backend: WebGpuInternals, x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const keep = 1 - rate;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: asTensor(dropoutWithSeed(backend, args[0] as tf.Tensor, keep, seed)),
    gradFunc: (dy: tf.Tensor) => asTensor(dropoutWithSeed(backend, dy, keep, seed)),
  }));
  return op(x);
}

/** A fresh 32-bit seed per call, as tfjs's own dropout draws fresh numbers per call. */
const nextSeed = () => Math.floor(Math.random() * 2 ** 32) | 0;

export function dropoutOnDevice(layer: tf.layers.Layer, rate: number): void {
  if (!(rate > 0 && rate < 1)) return;
  const original = layer.call.bind(layer);
  layer.call = (inputs: CallArgs[0], kwargs: CallArgs[1]) => {
    const backend = activeWebGpu();
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const noiseShape = (layer.getConfig() as { noiseShape?: unknown }).noiseShape;
    if (!backend || !x || kwargs.training !== true || noiseShape != null || x.dtype !== 'float32') return original(inputs, kwargs);
    return tf.tidy(() => dropout(backend, x, rate, nextSeed()));
  };
}
