// Whether a model can train at all on this machine, before a run tries: bytes estimated from its spec against a
// fixed ceiling and, on WebGPU, the largest buffer the device reports it can bind. A model of 264 million
// parameters once passed the editor and then lost the GPU device inside mapAsync.
import type { SpecSummary, TensorShape } from './model-spec';

const BYTES_PER_FLOAT = 4;
/** Weights, their gradients and Adam's two moments (the largest optimizer state we offer; SGD needs fewer). */
export const OPTIMIZER_SLOTS = 4;
/** Each activation is kept for the backward pass, which makes a gradient of the same size. */
const ACTIVATION_COPIES = 2;
const GIB = 1024 ** 3;

export interface MemoryLimits {
  /** Everything one training step holds at once. */
  totalBytes: number;
  /** The largest single tensor (one GPU buffer). */
  bufferBytes: number;
  /** Where the limits come from, in words. */
  source: string;
}

/**
 * The ceiling without a device to ask: 2 GiB for a whole step (tfjs's WASM heap grows to about this, and a browser
 * tab rarely gets more GPU memory), 1 GiB for one tensor.
 */
export const FIXED_LIMITS: MemoryLimits = { totalBytes: 2 * GIB, bufferBytes: GIB, source: 'the fixed ceiling' };

/** What a WebGPU adapter reports (GPUSupportedLimits has both). */
export interface ReportedLimits {
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

/** The fixed ceiling, with the single-buffer limit lowered to what the device reports when it is known. */
export function memoryLimits(reported?: ReportedLimits): MemoryLimits {
  const sizes = [reported?.maxBufferSize, reported?.maxStorageBufferBindingSize].filter((n): n is number => typeof n === 'number' && n > 0);
  if (!sizes.length) return FIXED_LIMITS;
  return { ...FIXED_LIMITS, bufferBytes: Math.min(FIXED_LIMITS.bufferBytes, ...sizes), source: 'the WebGPU device\'s largest buffer' };
}

export interface MemoryEstimate {
  /** parameters × 4 bytes × optimizer slots. */
  parameterBytes: number;
  /** (input + every layer's output) × batch × 4 bytes × 2 (values and gradients). */
  activationBytes: number;
  totalBytes: number;
  /** The largest single tensor: a layer's weights or one layer's output for the whole batch. */
  largestBufferBytes: number;
}

export function estimateTrainingMemory(summary: Pick<SpecSummary, 'params' | 'outputShapes' | 'layerParams'>, inputShape: TensorShape, batchSize: number): MemoryEstimate {
  const sizes = [inputShape, ...summary.outputShapes].map(elements);
  const perSample = sizes.reduce((a, b) => a + b, 0);
  const parameterBytes = summary.params * BYTES_PER_FLOAT * OPTIMIZER_SLOTS;
  const activationBytes = perSample * batchSize * BYTES_PER_FLOAT * ACTIVATION_COPIES;
  const largestBufferBytes = Math.max(0, ...summary.layerParams, ...sizes.map((n) => n * batchSize)) * BYTES_PER_FLOAT;
  return { parameterBytes, activationBytes, totalBytes: parameterBytes + activationBytes, largestBufferBytes };
}

/** Why the model cannot train within the limits, in words; empty when it fits. */
export function memoryProblems(estimate: MemoryEstimate, limits: MemoryLimits, batchSize: number): string[] {
  const problems: string[] = [];
  if (estimate.totalBytes > limits.totalBytes) {
    problems.push(`training needs about ${formatGiB(estimate.totalBytes)} (weights with optimizer state ${formatGiB(estimate.parameterBytes)}, activations of a batch of ${batchSize} ${formatGiB(estimate.activationBytes)}), more than the ${formatGiB(limits.totalBytes)} allowed: use fewer or smaller layers`);
  }
  if (estimate.largestBufferBytes > limits.bufferBytes) {
    problems.push(`its largest tensor takes ${formatGiB(estimate.largestBufferBytes)}, more than the ${formatGiB(limits.bufferBytes)} of one buffer (${limits.source}): make the largest layer smaller`);
  }
  return problems;
}

function elements(shape: TensorShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function formatGiB(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${Math.ceil(bytes / 1024 ** 2)} MiB`;
}
