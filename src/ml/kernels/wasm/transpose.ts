// Transposes for the WASM backend with their axes merged first. tfjs-backend-wasm 4.22 moves a rank-4 tensor about
// twice as slowly as the same bytes seen at rank 3: [n, h, w, c] → [c, h, w, n] (the filter gradient's input) takes
// 7.4 ms as it comes and 4.3 ms as [n, h·w, c] → [c, h·w, n]. Axes that stay neighbours in the same order are one
// axis, and axes of size 1 are no axis at all, so the stock kernel gets the smallest rank that says the same thing.
import * as tf from '@tensorflow/tfjs';
import { asTensor, ownTensor, type Info } from './kernel-tensors';

/** The same transpose over fewer axes: the merged input shape and the permutation of the merged axes. */
export function mergeTransposeAxes(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  // Axes of size 1 carry no data: drop them and number the rest in input order.
  const index = new Map<number, number>();
  shape.forEach((size, axis) => { if (size !== 1) index.set(axis, index.size); });
  const sizes = shape.filter((size) => size !== 1);
  const order = perm.filter((axis) => shape[axis] !== 1).map((axis) => index.get(axis) as number);
  // Output axes whose input axes follow each other are one axis: runs of consecutive input axes, in output order.
  const runs: number[][] = [];
  for (const axis of order) {
    const last = runs.at(-1);
    if (last && last.at(-1) === axis - 1) last.push(axis);
    else runs.push([axis]);
  }
  const byInput = [...runs].sort((a, b) => (a[0] as number) - (b[0] as number));
  return {
    shape: byInput.map((run) => run.reduce((p, axis) => p * (sizes[axis] as number), 1)),
    perm: runs.map((run) => byInput.indexOf(run)),
  };
}

export function makeTranspose(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as Info;
    const perm = (args.attrs as { perm: number[] }).perm;
    const merged = mergeTransposeAxes(x.shape, perm);
    if (merged.shape.length === x.shape.length || x.dtype === 'string') return stock(args);
    const outShape = perm.map((axis) => x.shape[axis] as number);
    return tf.tidy(() => {
      const input = asTensor(x).reshape(merged.shape);
      if (merged.shape.length <= 1) return input.reshape(outShape); // only size-1 axes moved: same bytes
      const out = ownTensor(stock({ inputs: { x: input }, backend: args.backend, attrs: { perm: merged.perm } }) as Info);
      return out.reshape(outShape);
    });
  };
}
