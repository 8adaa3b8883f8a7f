// Convolution gradients for the WASM backend, written as forward convolutions and matrix products so that
// XNNPACK does the arithmetic. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter or depthwise gradients at all,
// and its Conv2DBackpropInput is a naive loop; profiles of cnn_model are in scripts/bench/20-train.mjs.
import * as tf from '@tensorflow/tfjs';
import { asTensor, geometry, type Attrs, type Info, type KernelArgs, type PadInfo } from './kernel-tensors';

/** Input channels up to which the filter gradient gathers the filter taps and does one matrix product. */
const FEW_CHANNELS = 4;

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];
const spatialPad = (top: number, bottom: number, left: number, right: number): ExplicitPad => [[0, 0], [top, bottom], [left, right], [0, 0]];

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]: a forward convolution of the
 * input seen as [ci, h, w, n] with dy seen as an [oh, ow, n, co] filter dilated by the stride, so XNNPACK does it.
 * With few input channels (a first layer on gray or RGB images) that convolution has almost no output pixels to
 * spread work over, so there the taps are gathered instead and one matrix product does the sum.
 */
export function conv2DBackpropFilter({ inputs, attrs }: KernelArgs): Info {
  const a = (attrs ?? {}) as Attrs;
  const x = inputs.x as Info;
  const dy = inputs.dy as Info;
  const filterShape = a.filterShape as [number, number, number, number];
  const info = geometry(x.shape, filterShape, a, false);
  const p = info.padInfo as PadInfo;
  const [fh, fw, ci, co] = filterShape;
  return tf.tidy(() => {
    if (ci <= FEW_CHANNELS && info.strideHeight === 1 && info.strideWidth === 1) return filterGradByTaps(asTensor(x) as tf.Tensor4D, asTensor(dy) as tf.Tensor4D, info);
    const images = asTensor(x).transpose([3, 1, 2, 0]) as tf.Tensor4D;
    const kernel = asTensor(dy).transpose([1, 2, 0, 3]) as tf.Tensor4D;
    const dilations: [number, number] = [info.strideHeight, info.strideWidth];
    const pad = spatialPad(p.top, Math.max(0, p.bottom), p.left, Math.max(0, p.right));
    const out = tf.conv2d(images, kernel, 1, pad, 'NHWC', dilations);
    const cropped = out.shape[1] === fh && out.shape[2] === fw ? out : out.slice([0, 0, 0, 0], [ci, fh, fw, co]);
    return cropped.transpose([1, 2, 0, 3]);
  });
}

/** Stride 1, few channels: the taps of x as rows of a [fh·fw·ci, n·oh·ow] matrix, times dy as [n·oh·ow, co]. */
function filterGradByTaps(x: tf.Tensor4D, dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor {
  const { batchSize: n, inChannels: ci, outChannels: co, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const p = info.padInfo as PadInfo;
  // Channels ahead of the batch, so each tap is one contiguous [ci·n, oh, ow] block once sliced.
  const planes = (ci === 1 ? x : x.transpose([3, 0, 1, 2])).reshape([ci * n, x.shape[1], x.shape[2]]) as tf.Tensor3D;
  const padded = p.top > 0 || p.bottom > 0 || p.left > 0 || p.right > 0
    ? planes.pad([[0, 0], [p.top, Math.max(0, p.bottom)], [p.left, Math.max(0, p.right)]])
    : planes;
  const taps: tf.Tensor[] = [];
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) taps.push(padded.slice([0, kh, kw], [ci * n, oh, ow]));
  }
  const rows = tf.stack(taps).reshape([fh * fw * ci, n * oh * ow]) as tf.Tensor2D;
  return tf.matMul(rows, dy.reshape([n * oh * ow, co]) as tf.Tensor2D).reshape([fh, fw, ci, co]);
}

/** Input gradient as a forward convolution (XNNPACK) of the stride-dilated, padded dy with the flipped filter. */
export function conv2DBackpropInput({ inputs, attrs }: KernelArgs): Info {
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
    const flipped = asTensor(filter).reverse([0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    // The convolution pads by itself; only negative padding (rows the forward pass never read) needs a crop.
    if (top >= 0 && left >= 0 && bottom >= 0 && right >= 0) return tf.conv2d(g, flipped, 1, spatialPad(top, bottom, left, right));
    const padded = g.pad(spatialPad(Math.max(0, top), Math.max(0, bottom), Math.max(0, left), Math.max(0, right)))
      .slice([0, Math.max(0, -top), Math.max(0, -left), 0], [n, inShape[1] + fh - 1, inShape[2] + fw - 1, co]) as tf.Tensor4D;
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}
