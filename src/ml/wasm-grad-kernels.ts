// Gradient kernels that tfjs-backend-wasm 4.22 lacks, so convolutional models can train on WASM.
// Each is written with ops the WASM backend runs fast: the filter gradient as im2col (strided slices of the
// padded input, one concat) followed by a single large MatMul (XNNPACK), which beat both a direct loop and the
// 5-D Conv3DBackpropFilterV2 route when profiled on cnn_model (see scripts/bench/20-train.mjs).
import * as tf from '@tensorflow/tfjs';

type Attrs = Record<string, unknown>;
type Info = tf.TensorInfo;
type PadInfo = { top: number; bottom: number; left: number; right: number };


/** A Tensor view of a kernel input. Disposing a tensor releases one reference to its data, so take one first:
 * without the incRef, tidy would free the caller's input. */
function asTensor(info: Info): tf.Tensor {
  (tf.backend() as unknown as { incRef(dataId: tf.DataId): void }).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The kernel's geometry, from tfjs's own shape logic so padding rules match the forward pass exactly. */
function geometry(xShape: number[], filterShape: number[], attrs: Attrs, depthwise: boolean) {
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

/** The input padded as the forward pass padded it, and the strided window for filter tap (kh, kw). */
function taps(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): (kh: number, kw: number) => tf.Tensor4D {
  const p = info.padInfo as PadInfo;
  const padded = tf.pad(x, [[0, 0], [p.top, Math.max(0, p.bottom)], [p.left, Math.max(0, p.right)], [0, 0]]);
  const { batchSize: n, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, inChannels: c } = info;
  return (kh, kw) =>
    sh === 1 && sw === 1
      ? tf.slice(padded, [0, kh, kw, 0], [n, oh, ow, c])
      : tf.stridedSlice(padded, [0, kh, kw, 0], [n, kh + (oh - 1) * sh + 1, kw + (ow - 1) * sw + 1, c], [1, sh, sw, 1]) as tf.Tensor4D;
}

/** dW[kh, kw, ci, co] = Σ patches(x)[m, (kh, kw, ci)] · dy[m, co]. */
function conv2DBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const x = inputs.x as Info;
  const dy = inputs.dy as Info;
  const filterShape = a.filterShape as [number, number, number, number];
  const info = geometry(x.shape, filterShape, a, false);
  return tf.tidy(() => {
    const tap = taps(asTensor(x) as tf.Tensor4D, info);
    const cols: tf.Tensor4D[] = [];
    for (let kh = 0; kh < info.filterHeight; kh++) for (let kw = 0; kw < info.filterWidth; kw++) cols.push(tap(kh, kw));
    const m = info.batchSize * info.outHeight * info.outWidth;
    const k = info.filterHeight * info.filterWidth * info.inChannels;
    const patches = (cols.length === 1 ? cols[0] as tf.Tensor : tf.concat(cols, 3)).reshape([m, k]);
    const grad = tf.matMul(patches, asTensor(dy).reshape([m, info.outChannels]), true, false);
    return grad.reshape(filterShape);
  });
}

/** Depthwise filter gradient: per tap, Σ over batch and positions of x-window · dy (channel multiplier 1 or more). */
function depthwiseBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const x = inputs.x as Info;
  const dy = inputs.dy as Info;
  const filterShape = a.filterShape as [number, number, number, number];
  const info = geometry(x.shape, filterShape, a, true);
  const mult = filterShape[3];
  return tf.tidy(() => {
    const tap = taps(asTensor(x) as tf.Tensor4D, info);
    const g = asTensor(dy).reshape([info.batchSize, info.outHeight, info.outWidth, info.inChannels, mult]);
    const rows: tf.Tensor[] = [];
    for (let kh = 0; kh < info.filterHeight; kh++) {
      for (let kw = 0; kw < info.filterWidth; kw++) rows.push(tap(kh, kw).expandDims(4).mul(g).sum([0, 1, 2]));
    }
    return tf.stack(rows).reshape(filterShape);
  });
}

/** Depthwise input gradient: the same as a full convolution's with a block-diagonal filter, which WASM has. */
function depthwiseBackpropInput({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const dy = inputs.dy as Info;
  const filter = inputs.filter as Info;
  const inShape = a.inputShape as [number, number, number, number];
  const [fh, fw, c, mult] = filter.shape as [number, number, number, number];
  geometry(inShape, filter.shape, a, true);
  return tf.tidy(() => {
    const w = asTensor(filter).reshape([fh, fw, c, 1, mult]);
    const full = w.mul(tf.eye(c).reshape([1, 1, c, c, 1])).reshape([fh, fw, c, c * mult]) as tf.Tensor4D;
    const strides = a.strides as number | [number, number];
    const pad = a.pad as 'same' | 'valid' | number;
    const rounding = a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
    return tf.conv2dTranspose(asTensor(dy) as tf.Tensor4D, full, inShape, strides, pad, rounding);
  });
}

const KERNELS: [string, tf.KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as tf.KernelFunc],
];

/** Registers the missing WASM gradient kernels once; leaves any kernel tfjs already provides alone. */
export function registerWasmGradKernels(): void {
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}
