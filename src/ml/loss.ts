// The training loss: categorical cross-entropy of the model's probabilities against one-hot labels, averaged
// over the batch. On WebGPU it is one dispatch forward and one backward (kernels/webgpu/cross-entropy.ts);
// elsewhere, and when turned off, it is tfjs-layers' own (tf.metrics.categoricalCrossentropy, then mean).
import * as tf from '@tensorflow/tfjs';
import { activeWebGpu } from './kernels/webgpu/backend-internals';
import { crossEntropyMean, crossEntropyMeanGradient } from './kernels/webgpu/cross-entropy';

const asTensor = (info: tf.TensorInfo): tf.Tensor => tf.engine().makeTensorFromTensorInfo(info);

export function meanCrossEntropy(y: tf.Tensor2D, probs: tf.Tensor2D, fused = true): tf.Scalar {
  const backend = fused ? activeWebGpu() : undefined;
  if (!backend) return tf.metrics.categoricalCrossentropy(y, probs).mean() as tf.Scalar;
  // tfjs-layers clips to the backend's epsilon (1e-7 in float32).
  const epsilon = tf.backend().epsilon();
  // The labels are no input of the op (they need no gradient), so the tape holds only the probabilities.
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [p, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([p]);
    return {
      value: tf.reshape(asTensor(crossEntropyMean(backend, p, y, epsilon)), []),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => asTensor(crossEntropyMeanGradient(backend, saved[0] as tf.Tensor, y, dy, epsilon)),
    };
  });
  return op(probs) as tf.Scalar;
}
