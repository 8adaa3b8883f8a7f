// Matrix products for the WASM backend, arranged so that XNNPACK does them.
// tfjs-backend-wasm 4.22 sends A·B to XNNPACK only with neither operand transposed and no batch; a transposed
// operand falls to a naive triple loop (about 70 ms for cnn_model's dense-layer input gradient, dy·Wᵀ). XNNPACK
// packs B again on every call with a new B (every step, since the optimizer replaces the weights) and streams
// it once per block of rows of A, so which operand is B matters as much as the transposes.
import * as tf from '@tensorflow/tfjs';
import { asTensor, ownTensor, type Info, type KernelArgs } from './kernel-tensors';

// Costs per element, relative to a transpose, measured in Node on cnn_model's and the MLP's shapes (packing took
// 3 to 9 ns an element, a transpose 0.5 to 3): packing B, and reading packed B again for each block of rows of A
// once B no longer fits in cache (XNNPACK's wasm GEMM takes about 6 rows of A at a time).
const PACK_COST = 3;
const REREAD_COST = 0.3;
const ROWS_PER_BLOCK = 6;
const CACHED_ELEMENTS = 262144;

export type MatMulPlan = 'direct' | 'swapped';

/** Packing a [k, n] right operand and streaming it for `rows` rows of the left one. */
function packedCost(rows: number, k: number, n: number): number {
  const size = k * n;
  return PACK_COST * size + (size > CACHED_ELEMENTS ? REREAD_COST * Math.ceil(rows / ROWS_PER_BLOCK) * size : 0);
}

/**
 * For C = A·B with A [m, k] and B [k, n] (each possibly stored transposed): 'direct' multiplies A by B, 'swapped'
 * computes Cᵀ = Bᵀ·Aᵀ and transposes it back. Each is costed in transposed, packed and re-read elements.
 */
export function planMatMul(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): MatMulPlan {
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + packedCost(m, k, n);
  const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + m * n + packedCost(n, k, m);
  return swapped < direct ? 'swapped' : 'direct';
}

const size = (dims: number[]): number => dims.reduce((p, d) => p * d, 1);

/** BatchMatMul over tfjs's own kernel (`stock`), which still does every product, untransposed. */
export function makeBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: Info; b: Info };
    const { transposeA = false, transposeB = false } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const batchDims = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
    const batched = size(a.shape.slice(0, -2)) !== 1 || size(b.shape.slice(0, -2)) !== 1;
    if (batched || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    const [ra, ca] = a.shape.slice(-2) as [number, number];
    const [rb, cb] = b.shape.slice(-2) as [number, number];
    const [m, k, n] = [transposeA ? ca : ra, transposeA ? ra : ca, transposeB ? rb : cb];
    const plan = planMatMul(m, k, n, transposeA, transposeB);
    if (plan === 'direct' && !transposeA && !transposeB) return stock(args);
    const product = (left: tf.Tensor, right: tf.Tensor): tf.Tensor =>
      ownTensor(stock({ inputs: { a: left, b: right }, backend: args.backend, attrs: { transposeA: false, transposeB: false } }) as Info);
    return tf.tidy(() => {
      const A = asTensor(a).reshape([ra, ca]);
      const B = asTensor(b).reshape([rb, cb]);
      const out = plan === 'direct'
        ? product(transposeA ? A.transpose() : A, transposeB ? B.transpose() : B)
        : product(transposeB ? B : B.transpose(), transposeA ? A : A.transpose()).reshape([n, m]).transpose();
      return out.reshape([...batchDims, m, n]);
    });
  };
}
