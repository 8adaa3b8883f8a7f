// Dataset images in [0, 1] made into what a backbone takes: 3 channels, its input size, its pixel range. The same
// steps are built as layers for fine-tuning and export (backbone-layers-input.ts), so all paths see equal pixels.
import * as tf from '@tensorflow/tfjs';
import type { BackboneInfo } from '../../core/backbone';

/**
 * Bilinear with corners aligned, because tfjs-layers' Resizing layer (4.22) resizes that way and the fine-tuned
 * and exported models use it: features computed here must equal what those models compute.
 */
export const ALIGN_CORNERS = true;

export function toBackboneInput(x: tf.Tensor4D, info: Pick<BackboneInfo, 'inputSize' | 'pixelRange'>): tf.Tensor4D {
  return tf.tidy(() => {
    let y = x.shape[3] === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
    const { width, height } = info.inputSize;
    if (y.shape[1] !== height || y.shape[2] !== width) y = tf.image.resizeBilinear(y, [height, width], ALIGN_CORNERS);
    const { min, max } = info.pixelRange;
    if (min !== 0 || max !== 1) y = y.mul(max - min).add(min);
    return y;
  });
}
