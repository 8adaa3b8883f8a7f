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
  /** Options for buildModel (fused layers, dropout drawn on the device). */
  build: BuildOptions;
}

import type { BuildOptions } from '../../src/ml/build-model';
import { registerWebGpuKernels } from '../../src/ml/kernels/webgpu/register';

/** Every host-work speed-up of train() off: tfjs's optimizer, per-batch uploads, metrics and loss as tfjs ops. */
const HOST_OFF: Partial<TrainOptions> = { dataOnDevice: false, deviceMetrics: false, fusedLoss: false };
const BUILD_OFF: BuildOptions = { fusedActivations: false, deviceDropout: false };
const kernels = (mode: 'fast' | 'stock') => (): (() => void) => {
  registerWebGpuKernels(mode);
  return () => registerWebGpuKernels('fast');
};

export const VARIANTS: readonly Variant[] = [
  {
    name: 'stock', what: 'tfjs 4.22 as shipped: its WebGPU kernels, optimizer, unfused layers, batches built on the host',
    setUp: kernels('stock'), optimizer: (h) => makeOptimizer(h, { fused: false }), trainOptions: HOST_OFF, build: BUILD_OFF,
  },
  {
    name: 'kernels', what: 'our WebGPU gradient kernels (conv and depthwise filter gradients, bias sums); the rest as stock',
    setUp: kernels('fast'), optimizer: (h) => makeOptimizer(h, { fused: false }), trainOptions: HOST_OFF, build: BUILD_OFF,
  },
  {
    name: 'host', what: 'less host work: fused optimizer, layers, loss and metrics, data and dropout on the device; stock kernels',
    setUp: kernels('stock'), optimizer: (h) => makeOptimizer(h), trainOptions: {}, build: {},
  },
  { name: 'all', what: 'what the app runs: our kernels and every host-work speed-up', setUp: kernels('fast'), optimizer: (h) => makeOptimizer(h), trainOptions: {}, build: {} },
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
