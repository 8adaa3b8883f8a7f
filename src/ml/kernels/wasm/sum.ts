// Sums over leading axes for the WASM backend: a bias gradient adds up [n, h, w, c] over n, h and w.
// tfjs-backend-wasm 4.22 first transposes the reduced axes innermost (a full copy) and then adds in a scalar loop,
// about 5 ms for cnn_model's first bias; XNNPACK's average pooling reads the rows in place, 20 times faster and
// no less accurate (it accumulates the same way), so the sum is that mean times the row count.
import * as tf from '@tensorflow/tfjs';
import { asTensor, type Info } from './kernel-tensors';

/** Below this many elements the stock kernel's fixed cost is lower. */
const MIN_ELEMENTS = 16384;
const MIN_ROWS = 8;

export function makeSum(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const { axis, keepDims } = (args.attrs ?? {}) as { axis: number | number[]; keepDims?: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length < x.shape.length && axes.every((ax, i) => ax === i);
    const rows = axes.reduce((p, ax) => p * (x.shape[ax] as number), 1);
    const kept = x.shape.slice(axes.length);
    const columns = kept.reduce((p, d) => p * d, 1);
    if (x.dtype !== 'float32' || !leading || rows < MIN_ROWS || rows * columns < MIN_ELEMENTS) return stock(args);
    return tf.tidy(() => {
      const mean = tf.avgPool(asTensor(x).reshape([1, rows, 1, columns]) as tf.Tensor4D, [rows, 1], 1, 'valid');
      return mean.mul(rows).reshape(keepDims ? [...axes.map(() => 1), ...kept] : kept);
    });
  };
}
