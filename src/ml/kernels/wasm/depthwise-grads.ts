// Depthwise convolution gradients for the WASM backend, which tfjs-backend-wasm 4.22 lacks.
import * as tf from '@tensorflow/tfjs';
import { asTensor, geometry, type Attrs, type Info, type KernelArgs, type PadInfo } from './kernel-tensors';

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

/** Depthwise filter gradient: per tap, Σ over batch and positions of x-window · dy (channel multiplier 1 or more). */
export function depthwiseBackpropFilter({ inputs, attrs }: KernelArgs): Info {
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
export function depthwiseBackpropInput({ inputs, attrs }: KernelArgs): Info {
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
