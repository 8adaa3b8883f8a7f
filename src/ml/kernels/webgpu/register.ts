// Registers our WebGPU kernels over tfjs's for the `webgpu` backend ('fast', what the app uses), or puts tfjs's own
// back ('stock', for a benchmark's before/after in one process). tfjs's originals are kept, and our kernels hand
// them the shapes they do not cover (channels-first data, dilation).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { makeSum } from './column-sum';
import { makeConv2DBackpropFilter } from './conv2d-backprop-filter';
import { makeDepthwiseBackpropFilter } from './depthwise-backprop-filter';
import type { GpuKernel } from './program';

export type WebGpuKernelMode = 'fast' | 'stock';

/** Kernels we replace, each built around tfjs's original (its fallback). Chosen by profiling a training step. */
const OURS: ReadonlyMap<string, (stock: GpuKernel) => GpuKernel> = new Map([
  ['Conv2DBackpropFilter', makeConv2DBackpropFilter],
  ['DepthwiseConv2dNativeBackpropFilter', makeDepthwiseBackpropFilter],
  // Bias gradients only (sums over every axis but the last); every other Sum goes to tfjs's kernel.
  ['Sum', makeSum],
]);

const stockConfigs = new Map<string, tf.KernelConfig>();
const fastConfigs = new Map<string, tf.KernelConfig>();
let mode: WebGpuKernelMode = 'stock';

/** The kernel configs each mode registers, built once so switching back and forth registers the same functions. */
function configFor(kernelName: string, next: WebGpuKernelMode): tf.KernelConfig {
  let original = stockConfigs.get(kernelName);
  if (!original) {
    original = tf.getKernel(kernelName, 'webgpu');
    if (!original) throw new Error(`tfjs's webgpu backend has no ${kernelName} kernel to replace`);
    stockConfigs.set(kernelName, original);
  }
  if (next === 'stock') return original;
  let fast = fastConfigs.get(kernelName);
  if (!fast) {
    const make = OURS.get(kernelName) as (stock: GpuKernel) => GpuKernel;
    fast = { ...original, kernelFunc: make(original.kernelFunc as unknown as GpuKernel) as unknown as tf.KernelFunc };
    fastConfigs.set(kernelName, fast);
  }
  return fast;
}

/** Puts our kernels ('fast') or tfjs's ('stock') in place for the webgpu backend. Idempotent. */
export function registerWebGpuKernels(next: WebGpuKernelMode = 'fast'): void {
  if (next === mode) return;
  for (const kernelName of OURS.keys()) {
    const config = configFor(kernelName, next);
    if (tf.getKernel(kernelName, 'webgpu')) tf.unregisterKernel(kernelName, 'webgpu');
    tf.registerKernel(config);
  }
  mode = next;
}
