// Bias and activation fused into their matmul or convolution while training, too. tfjs-layers' Dense and Conv2D
// already ask tfjs-core for tf.fused.matMul / tf.fused.conv2d with the bias and a relu, but tfjs-core 4.22 fuses
// only when no gradient is being recorded or the activation is linear (shouldFuse in ops/fused_util.js): in
// training a relu Dense runs as matMul + add + relu, and a softmax Dense as matMul + add + softmax. Here those
// layers call the fused kernels (_FusedMatMul, FusedConv2D: every tfjs backend has them) directly, and gradients
// are registered for the two kernels, lazily per input as tfjs's own kernel gradients are (so a first layer
// computes no gradient for its input). Only the layer's call changes: its class, config and weights stay tfjs's,
// so saved models are plain Dense and Conv2D layers.
import * as tf from '@tensorflow/tfjs';
import { biasGradient, reluGradient, softmax } from './backward-ops';

type Activation = 'linear' | 'relu';
type CallArgs = Parameters<tf.layers.Layer['call']>;
type Attrs = Record<string, unknown>;

/** dy through the activation, as tfjs's getFusedDyActivation: relu passes dy where the output is positive. */
function throughActivation(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === 'relu' ? reluGradient(dy, y) : dy;
}

let registered = false;

function registerFusedGradients(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: '_FusedMatMul',
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [a, b, y] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      if (attrs.transposeA || attrs.transposeB) throw new Error('fused matMul gradients here cover untransposed inputs only');
      const d = throughActivation(dy as tf.Tensor, y, attrs.activation as Activation) as tf.Tensor3D;
      return { a: () => tf.matMul(d, b, false, true), b: () => tf.matMul(a, d, true, false), bias: () => biasGradient(d) };
    },
  });
  tf.registerGradient({
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dimRoundingMode } = attrs as Attrs;
      const d = throughActivation(dy as tf.Tensor, y, attrs.activation as Activation);
      const common = { strides, pad, dataFormat: 'NHWC', dimRoundingMode } as Attrs as tf.NamedAttrMap;
      return {
        x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: d, filter }, { ...common, inputShape: x.shape }) as tf.Tensor,
        filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: d }, { ...common, filterShape: filter.shape }) as tf.Tensor,
        bias: () => biasGradient(d),
      };
    },
  });
}

const single = (inputs: CallArgs[0]): tf.Tensor => (Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);

/** The layer's kernel and bias, or undefined when it has no bias (then tfjs's own call runs). */
function kernelAndBias(layer: tf.layers.Layer): [tf.Tensor, tf.Tensor] | undefined {
  const weights = layer.weights.map((w) => w.read());
  return weights.length === 2 ? (weights as [tf.Tensor, tf.Tensor]) : undefined;
}

/**
 * Makes a Dense layer (activation relu, linear or softmax, on rank-2 input) or a Conv2D layer (relu or linear,
 * channels last, no dilation) run its bias and activation inside the matmul or convolution kernel.
 */
export function fuseBiasAndActivation(layer: tf.layers.Layer, kind: 'dense' | 'conv2d', activation: string): void {
  const fusedActivation: Activation | undefined = activation === 'relu' ? 'relu' : activation === 'linear' || activation === 'softmax' ? 'linear' : undefined;
  if (!fusedActivation || (kind === 'conv2d' && activation === 'softmax')) return;
  registerFusedGradients();
  const original = layer.call.bind(layer);
  layer.call = (inputs: CallArgs[0], kwargs: CallArgs[1]) => tf.tidy(() => {
    const x = single(inputs);
    const weights = kernelAndBias(layer);
    if (!weights || (kind === 'dense' && x.rank !== 2)) return original(inputs, kwargs);
    const [kernel, bias] = weights;
    let y: tf.Tensor;
    if (kind === 'dense') {
      const a = tf.reshape(x, [1, ...x.shape]);
      const b = tf.reshape(kernel, [1, ...kernel.shape]);
      const attrs = { transposeA: false, transposeB: false, activation: fusedActivation };
      y = tf.reshape(tf.engine().runKernel('_FusedMatMul', { a, b, bias }, attrs) as tf.Tensor, [x.shape[0] as number, kernel.shape[1] as number]);
    } else {
      const config = layer.getConfig() as { strides: [number, number]; padding: 'same' | 'valid' };
      const attrs = { strides: config.strides, pad: config.padding, dataFormat: 'NHWC', dilations: [1, 1], activation: fusedActivation } as Attrs as tf.NamedAttrMap;
      y = tf.engine().runKernel('FusedConv2D', { x, filter: kernel, bias }, attrs) as tf.Tensor;
    }
    return activation === 'softmax' ? softmax(y as tf.Tensor2D) : y;
  });
}
