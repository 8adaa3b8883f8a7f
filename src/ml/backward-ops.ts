// Backward-pass pieces of the fused layers (fused-activation.ts): one WebGPU dispatch each where WebGPU is active
// (kernels/webgpu/backward-helpers.ts), tfjs's own ops, with the same results, everywhere else.
import * as tf from '@tensorflow/tfjs';
import { activeWebGpu } from './kernels/webgpu/backend-internals';
import { COLUMN_SUM_MAX_ROWS, columnSum, reluBackward, softmaxBackward } from './kernels/webgpu/backward-helpers';

const asTensor = (info: tf.TensorInfo): tf.Tensor => tf.engine().makeTensorFromTensorInfo(info);

/** dy through a relu whose output was y: tfjs's mul(dy, step(y)). */
export function reluGradient(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const backend = activeWebGpu();
  return backend ? asTensor(reluBackward(backend, dy, y)) : tf.mul(dy, tf.step(y));
}

/** The bias gradient: `d` summed over every axis but the last (the channels). */
export function biasGradient(d: tf.Tensor): tf.Tensor {
  const channels = d.shape[d.rank - 1] as number;
  const backend = activeWebGpu();
  if (backend && d.size / channels <= COLUMN_SUM_MAX_ROWS) return asTensor(columnSum(backend, d, channels));
  return tf.sum(d, Array.from({ length: d.rank - 1 }, (_, i) => i));
}

/** tf.softmax over the last axis of a [rows, classes] tensor, its gradient one dispatch on WebGPU. */
export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  const backend = activeWebGpu();
  if (!backend) return tf.softmax(logits);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const y = tf.softmax(x);
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => asTensor(softmaxBackward(backend, dy, saved as tf.Tensor)) };
  });
  return op(logits) as tf.Tensor2D;
}
