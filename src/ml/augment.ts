// Image augmentation on the device, per batch: random left-right flips and random shifts of a few pixels,
// drawn from a seeded generator so a run is reproducible. Works on every backend (CropAndResize, Reverse, Where).
import * as tf from '@tensorflow/tfjs';
import type { Augmentation } from '../core/hparams';

/** Returns an augmented copy of `x` ([n, h, w, c] floats); the caller keeps ownership of `x`. */
export function augmentBatch(x: tf.Tensor4D, augment: Augmentation, random: () => number): tf.Tensor4D {
  const [n, h, w] = x.shape;
  return tf.tidy(() => {
    let out: tf.Tensor4D = x;
    if (augment.shift > 0) {
      const s = augment.shift;
      // Pad by s, then crop an h×w window at a random offset per image; integer offsets make the bilinear crop exact.
      const padded = x.pad([[0, 0], [s, s], [s, s], [0, 0]]) as tf.Tensor4D;
      const boxes = new Float32Array(n * 4);
      for (let i = 0; i < n; i++) {
        const dy = Math.floor(random() * (2 * s + 1));
        const dx = Math.floor(random() * (2 * s + 1));
        boxes.set([dy / (h + 2 * s - 1), dx / (w + 2 * s - 1), (dy + h - 1) / (h + 2 * s - 1), (dx + w - 1) / (w + 2 * s - 1)], i * 4);
      }
      const indices = Int32Array.from({ length: n }, (_, i) => i);
      out = tf.image.cropAndResize(padded, tf.tensor2d(boxes, [n, 4]), tf.tensor1d(indices, 'int32'), [h, w]);
    }
    if (augment.flip) {
      const flips = Float32Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
      const mask = tf.tensor4d(flips, [n, 1, 1, 1]);
      out = out.reverse(2).mul(mask).add(out.mul(tf.scalar(1).sub(mask))) as tf.Tensor4D;
    }
    return out === x ? x.clone() : out;
  });
}
