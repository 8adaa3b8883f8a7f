// The variants the GPU bench measures side by side in one process, each a switch over the app's own training path:
// 'stock' is tfjs as shipped; the others turn on one speed-up each, so before and after sit in the same run, on the
// same GPU, and the correctness check covers every one of them.
import type * as tf from '@tensorflow/tfjs';
import type { HParams } from '../../src/core/hparams';
import { makeOptimizer, type TrainOptions } from '../../src/ml/train';

export interface Variant {
  name: string;
  /** What it changes against 'stock', in words. */
  what: string;
  /** Switches the variant on before its runs; returns what switches it off again. */
  setUp(): () => void;
  /** The optimizer train() is given, made the way train-run.ts makes it. */
  optimizer(h: HParams): tf.Optimizer;
  /** Extra options for train(). */
  trainOptions: Partial<TrainOptions>;
}

const nothing = (): (() => void) => () => {};

export const VARIANTS: readonly Variant[] = [
  { name: 'stock', what: 'tfjs 4.22 WebGPU kernels, the optimizer and data path as shipped', setUp: nothing, optimizer: (h) => makeOptimizer(h), trainOptions: {} },
  // For the integrator: one line each once the branches that add these switches are merged (imports above:
  // registerWebGpuKernels from '../../src/ml/kernels/webgpu/register'). Each entry is measured and checked like 'stock'.
  // { name: 'kernels', what: 'our WebGPU kernels (registerWebGpuKernels)', setUp: () => (registerWebGpuKernels('fast'), () => registerWebGpuKernels('stock')), optimizer: (h) => makeOptimizer(h), trainOptions: {} },
  // { name: 'fused-optimizer', what: 'one dispatch per variable for the update', setUp: nothing, optimizer: (h) => makeOptimizer(h, { fused: true }), trainOptions: {} },
  // { name: 'data-on-device', what: 'the training set uploaded once', setUp: nothing, optimizer: (h) => makeOptimizer(h), trainOptions: { dataOnDevice: true } },
  // { name: 'all', what: 'every switch above together', setUp: () => (registerWebGpuKernels('fast'), () => registerWebGpuKernels('stock')), optimizer: (h) => makeOptimizer(h, { fused: true }), trainOptions: { dataOnDevice: true } },
];

/** The variants named in a comma-separated list (all when empty), in the list's order; unknown names are an error. */
export function pickVariants(names: string): Variant[] {
  const wanted = names.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted.length) return [...VARIANTS];
  return wanted.map((n) => {
    const v = VARIANTS.find((x) => x.name === n);
    if (!v) throw new Error(`no bench variant '${n}' (there are: ${VARIANTS.map((x) => x.name).join(', ')})`);
    return v;
  });
}
