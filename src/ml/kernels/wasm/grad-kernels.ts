// Registers our WASM kernels: the gradients tfjs-backend-wasm 4.22 lacks, so convolutional models can train on
// WASM at all, and faster formulations of stock kernels that profiling showed dominating a training step.
// Each is built from ops the WASM backend runs through XNNPACK (see the files beside this one).
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilter, conv2DBackpropInput } from './conv-grads';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-grads';
import { identity } from './identity';
import { asTensor, type Attrs, type Info, type KernelArgs } from './kernel-tensors';
import { makeBatchMatMul } from './mat-mul';
import { makeSum } from './sum';
import { makeTranspose } from './transpose';

/** Kernels stock WASM does not have. */
const MISSING: [string, tf.KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as tf.KernelFunc],
];

/** Stock kernels replaced outright (a naive loop, a needless copy). */
const REPLACED: [string, tf.KernelFunc][] = [
  ['Conv2DBackpropInput', conv2DBackpropInput as tf.KernelFunc],
  ['Identity', identity as tf.KernelFunc],
];

/** Stock kernels wrapped: ours handles the slow cases and hands the rest to the stock kernel. */
const WRAPPED: [string, (stock: tf.KernelFunc) => tf.KernelFunc][] = [
  ['BatchMatMul', makeBatchMatMul],
  ['Sum', makeSum],
  ['Transpose', makeTranspose],
];

/**
 * The starting point the benchmark compares against: only the filter gradient, done the way ENVIRONMENT.md
 * describes (reshape to 5-D and call WASM's Conv3DBackpropFilterV2), with every stock kernel left in place.
 */
function conv2DBackpropFilterVia3D({ inputs, attrs }: KernelArgs): Info {
  const a = (attrs ?? {}) as Attrs;
  const [fh, fw, ci, co] = a.filterShape as [number, number, number, number];
  const strides = a.strides as number | [number, number];
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  return tf.tidy(() => {
    const x = asTensor(inputs.x as Info).expandDims(1) as tf.Tensor5D;
    const dy = asTensor(inputs.dy as Info).expandDims(1) as tf.Tensor5D;
    const out = tf.engine().runKernel('Conv3DBackpropFilterV2', { x, dy }, { strides: [1, sh, sw], pad: a.pad as string, filterShape: [1, fh, fw, ci, co] }) as tf.Tensor;
    return out.reshape([fh, fw, ci, co]);
  });
}

export type WasmKernelMode = 'fast' | 'baseline';
const stock = new Map<string, tf.KernelConfig>();
let mode: WasmKernelMode | undefined;

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (current && !stock.has(kernelName)) stock.set(kernelName, current);
  if (current) tf.unregisterKernel(kernelName, 'wasm');
  const setupFunc = stock.get(kernelName)?.setupFunc;
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, ...(setupFunc ? { setupFunc } : {}) });
}

function restore(kernelName: string): void {
  const ours = MISSING.some(([k]) => k === kernelName);
  if (!stock.has(kernelName) && !ours) return; // never replaced: the stock kernel is still in place
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  const original = stock.get(kernelName);
  if (original) tf.registerKernel(original);
}

/**
 * Registers the missing WASM gradient kernels and the faster replacements ('fast', what the app uses), or only the
 * 5-D filter-gradient workaround over stock kernels ('baseline', for the benchmark's before/after). Idempotent.
 */
export function registerWasmGradKernels(next: WasmKernelMode = 'fast'): void {
  if (mode === next) return;
  mode = next;
  const names = [...MISSING, ...REPLACED, ...WRAPPED].map(([kernelName]) => kernelName);
  if (next === 'baseline') {
    for (const kernelName of names) restore(kernelName);
    for (const [kernelName, kernelFunc] of MISSING) if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    replace('Conv2DBackpropFilter', conv2DBackpropFilterVia3D as tf.KernelFunc);
    return;
  }
  for (const [kernelName, kernelFunc] of [...MISSING, ...REPLACED]) replace(kernelName, kernelFunc);
  for (const [kernelName, wrap] of WRAPPED) {
    const original = stock.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
    if (original) replace(kernelName, wrap(original.kernelFunc));
  }
}
