// Shared plumbing for our WASM kernels: views of kernel inputs as Tensors, and convolution geometry.
import * as tf from '@tensorflow/tfjs';

export type Attrs = Record<string, unknown>;
export type Info = tf.TensorInfo;
export type PadInfo = { top: number; bottom: number; left: number; right: number };
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend?: unknown };

/** A Tensor view of a kernel input. Disposing a tensor releases one reference to its data, so take one first:
 * without the incRef, tidy would free the caller's input. */
export function asTensor(info: Info): tf.Tensor {
  (tf.backend() as unknown as { incRef(dataId: tf.DataId): void }).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** A Tensor owning the output of a kernel function we called directly (not through the engine). */
export function ownTensor(info: Info): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The kernel's geometry, from tfjs's own shape logic so padding rules match the forward pass exactly. */
export function geometry(xShape: number[], filterShape: number[], attrs: Attrs, depthwise: boolean): tf.backend_util.Conv2DInfo {
  const strides = attrs.strides as number | [number, number];
  const pad = attrs.pad as 'same' | 'valid' | number;
  const rounding = attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
  const dilations = (attrs.dilations as number | [number, number] | undefined) ?? 1;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    strides, dilations, pad, rounding, depthwise,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('wasm gradient kernels support dilation 1 only');
  return info;
}
