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

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]: a forward convolution of the
 * padded input seen as [ci, h, w, n] with dy seen as an [oh, ow, n, co] filter dilated by the stride, so XNNPACK does it.
 */
function conv2DBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const x = inputs.x as Info;
  const dy = inputs.dy as Info;
  const filterShape = a.filterShape as [number, number, number, number];
  const info = geometry(x.shape, filterShape, a, false);
  const p = info.padInfo as PadInfo;
  const [fh, fw, ci, co] = filterShape;
  return tf.tidy(() => {
    const padded = asTensor(x).pad([[0, 0], [p.top, Math.max(0, p.bottom)], [p.left, Math.max(0, p.right)], [0, 0]]);
    const images = padded.transpose([3, 1, 2, 0]) as tf.Tensor4D;
    const kernel = asTensor(dy).transpose([1, 2, 0, 3]) as tf.Tensor4D;
    const dilations: [number, number] = [info.strideHeight, info.strideWidth];
    const out = tf.conv2d(images, kernel, 1, 'valid', 'NHWC', dilations);
    const cropped = out.shape[1] === fh && out.shape[2] === fw ? out : out.slice([0, 0, 0, 0], [ci, fh, fw, co]);
    return cropped.transpose([1, 2, 0, 3]);
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

/** Input gradient as a forward convolution (XNNPACK) of the stride-dilated, padded dy with the flipped filter. */
function conv2DBackpropInput({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const dy = inputs.dy as Info;
  const filter = inputs.filter as Info;
  const inShape = a.inputShape as [number, number, number, number];
  const info = geometry(inShape, filter.shape, a, false);
  const { batchSize: n, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const p = info.padInfo as PadInfo;
  return tf.tidy(() => {
    let g = asTensor(dy) as tf.Tensor4D;
    const co = info.outChannels;
    if (sh > 1 || sw > 1) {
      g = g.reshape([n, oh, 1, ow, 1, co]).pad([[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]])
        .reshape([n, oh * sh, ow * sw, co]).slice([0, 0, 0, 0], [n, (oh - 1) * sh + 1, (ow - 1) * sw + 1, co]) as tf.Tensor4D;
    }
    const top = fh - 1 - p.top;
    const left = fw - 1 - p.left;
    const bottom = inShape[1] + fh - 1 - g.shape[1] - top;
    const right = inShape[2] + fw - 1 - g.shape[2] - left;
    // Negative padding means the forward pass never read those rows: crop instead.
    const padded = g.pad([[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]])
      .slice([0, Math.max(0, -top), Math.max(0, -left), 0], [n, inShape[1] + fh - 1, inShape[2] + fw - 1, co]) as tf.Tensor4D;
    const flipped = asTensor(filter).reverse([0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}

let originalMatMul: tf.KernelFunc | undefined;

/** MatMul with transposeA runs a naive loop in WASM; transposing first lets every call take the XNNPACK path. */
function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): Info {
  const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const original = originalMatMul as tf.KernelFunc;
  if (!attrs.transposeA) return original(args as Parameters<tf.KernelFunc>[0]) as Info;
  return tf.tidy(() => {
    const a = asTensor(args.inputs.a as Info);
    const rank = a.rank;
    const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
    return tf.matMul(a.transpose(perm), asTensor(args.inputs.b as Info), false, attrs.transposeB ?? false);
  });
}

const KERNELS: [string, tf.KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as tf.KernelFunc],
];

/** Stock WASM kernels replaced because profiling showed them dominating a training step (naive loops). */
const REPLACED: [string, tf.KernelFunc][] = [
  ['Conv2DBackpropInput', conv2DBackpropInput as tf.KernelFunc],
];

/**
 * The starting point the benchmark compares against: only the filter gradient, done the way ENVIRONMENT.md
 * describes (reshape to 5-D and call WASM's Conv3DBackpropFilterV2), with every stock kernel left in place.
 */
function conv2DBackpropFilterVia3D({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): Info {
  const a = (attrs ?? {}) as Attrs;
  const [fh, fw, ci, co] = a.filterShape as [number, number, number, number];
  const strides = a.strides as number | [number, number];
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  return tf.tidy(() => {
    const x = asTensor(inputs.x as Info).expandDims(1) as tf.Tensor5D;
    const dy = asTensor(inputs.dy as Info).expandDims(1) as tf.Tensor5D;
    const out = tf.engine().runKernel('Conv3DBackpropFilterV2', { x, dy }, { strides: [1, sh, sw], pad: a.pad as string, filterShape: [1, fh, fw, ci, co] }) as tf.Tensor;
    return out.reshape([fh, fw, ci, co]);
  });
}

export type WasmKernelMode = 'fast' | 'baseline';
const stock = new Map<string, tf.KernelConfig>();
let mode: WasmKernelMode | undefined;

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (current && !stock.has(kernelName)) stock.set(kernelName, current);
  if (current) tf.unregisterKernel(kernelName, 'wasm');
  const setupFunc = stock.get(kernelName)?.setupFunc;
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, ...(setupFunc ? { setupFunc } : {}) });
}

function restore(kernelName: string): void {
  const ours = KERNELS.some(([k]) => k === kernelName);
  if (!stock.has(kernelName) && !ours) return; // never replaced: the stock kernel is still in place
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  const original = stock.get(kernelName);
  if (original) tf.registerKernel(original);
}

/**
 * Registers the missing WASM gradient kernels and the faster replacements ('fast', what the app uses), or only the
 * 5-D filter-gradient workaround over stock kernels ('baseline', for the benchmark's before/after). Idempotent.
 */
export function registerWasmGradKernels(next: WasmKernelMode = 'fast'): void {
  if (mode === next) return;
  mode = next;
  if (next === 'baseline') {
    for (const [kernelName] of [...KERNELS, ...REPLACED, ['BatchMatMul']]) restore(kernelName as string);
    for (const [kernelName, kernelFunc] of KERNELS) if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    replace('Conv2DBackpropFilter', conv2DBackpropFilterVia3D as tf.KernelFunc);
    return;
  }
  for (const [kernelName, kernelFunc] of [...KERNELS, ...REPLACED]) replace(kernelName, kernelFunc);
  const matMul = stock.get('BatchMatMul') ?? tf.getKernel('BatchMatMul', 'wasm');
  if (matMul) {
    originalMatMul = matMul.kernelFunc;
    replace('BatchMatMul', batchMatMul as tf.KernelFunc);
  }
}
