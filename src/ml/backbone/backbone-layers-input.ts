// The steps of backbone-input.ts as standard tfjs layers, so a model built with them saves and loads with
// tf.loadLayersModel anywhere: dataset-shaped images in [0, 1] → 3 channels → backbone size → pixel range.
//
// Resizing is two frozen Dense layers holding the bilinear interpolation matrices (rows, then columns), not
// tfjs-layers' Resizing layer: in 4.22 that layer passes its input list to tf.image.resizeBilinear unwrapped, so
// it fails inside any functional model, after loading too.
import * as tf from '@tensorflow/tfjs';
import type { BackboneInfo } from '../../core/backbone';
import type { ImageShape } from '../../core/types';
import { ALIGN_CORNERS } from './backbone-input';

/** A dataset-shaped input and the symbolic tensor the trunk takes. */
export function imageInputToBackbone(shape: ImageShape, info: Pick<BackboneInfo, 'inputSize' | 'pixelRange'>): { input: tf.SymbolicTensor; x: tf.SymbolicTensor } {
  const [h, w, c] = shape;
  const input = tf.input({ shape: [h, w, c], name: 'images' });
  let x = input;
  if (c === 1) x = tf.layers.concatenate({ axis: -1, name: 'grey_to_rgb' }).apply([x, x, x]) as tf.SymbolicTensor;
  const { width, height } = info.inputSize;
  if (h !== height || w !== width) {
    const layer = (name: string, config: Parameters<typeof tf.layers.permute>[0]) => tf.layers.permute({ ...config, name });
    x = layer('resize_to_chw', { dims: [3, 1, 2] }).apply(x) as tf.SymbolicTensor; // [c, h, w]
    x = interpolate(x, 'resize_columns', w, width); // [c, h, width]
    x = layer('resize_swap', { dims: [1, 3, 2] }).apply(x) as tf.SymbolicTensor; // [c, width, h]
    x = interpolate(x, 'resize_rows', h, height); // [c, width, height]
    x = layer('resize_to_hwc', { dims: [3, 2, 1] }).apply(x) as tf.SymbolicTensor; // [height, width, c]
  }
  const { min, max } = info.pixelRange;
  if (min !== 0 || max !== 1) x = tf.layers.rescaling({ scale: max - min, offset: min, name: 'rescale_to_backbone' }).apply(x) as tf.SymbolicTensor;
  return { input, x };
}

/** A frozen Dense layer mapping `from` samples to `to` by bilinear interpolation along the last axis. */
function interpolate(x: tf.SymbolicTensor, name: string, from: number, to: number): tf.SymbolicTensor {
  const kernel = tf.tensor2d(interpolationMatrix(from, to), [from, to]);
  const y = tf.layers.dense({ units: to, useBias: false, trainable: false, name, weights: [kernel] }).apply(x) as tf.SymbolicTensor;
  kernel.dispose(); // the layer copied it into its variable when built
  return y;
}

/** [from, to] weights: output j reads input at j · (from − 1) / (to − 1) (corners aligned, as tf.image.resizeBilinear with alignCorners). */
export function interpolationMatrix(from: number, to: number): Float32Array {
  const m = new Float32Array(from * to);
  const scale = ALIGN_CORNERS && to > 1 ? (from - 1) / (to - 1) : from / to;
  for (let j = 0; j < to; j++) {
    const src = j * scale;
    const i0 = Math.min(Math.floor(src), from - 1);
    const i1 = Math.min(i0 + 1, from - 1);
    const frac = src - i0;
    m[i0 * to + j] = (m[i0 * to + j] as number) + (1 - frac);
    m[i1 * to + j] = (m[i1 * to + j] as number) + frac;
  }
  return m;
}
