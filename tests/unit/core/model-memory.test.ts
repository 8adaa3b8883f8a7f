// The training-memory estimate of a model spec and the limits it is checked against.
import { describe, expect, it } from 'vitest';
import { checkSpec, type SpecSummary } from '../../../src/core/model-spec';
import { estimateTrainingMemory, FIXED_LIMITS, memoryLimits, memoryProblems } from '../../../src/core/model-memory';

function summaryOf(layers: unknown[]): SpecSummary {
  const check = checkSpec(layers, [28, 28, 1], 10);
  if (!check.ok) throw new Error(check.errors.join('; '));
  return check.summary;
}

const MLP = [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 'classes', activation: 'softmax' }];
// The model: "Valid … 264,000,007 parameters", nearly all in one dense kernel.
const HUGE = [{ type: 'flatten' }, { type: 'dense', units: 330_000, activation: 'relu' }, { type: 'dense', units: 'classes', activation: 'softmax' }];

describe('estimateTrainingMemory', () => {
  it('counts parameters × 4 bytes × 4 slots and (input + outputs) × batch × 4 bytes × 2', () => {
    const estimate = estimateTrainingMemory(summaryOf(MLP), [28, 28, 1], 32);
    // 784·128 + 128 + 128·10 + 10 = 101,770 parameters; per sample 784 + 784 + 128 + 10 = 1,706 activations.
    expect(estimate.parameterBytes).toBe(101_770 * 16);
    expect(estimate.activationBytes).toBe(1_706 * 32 * 8);
    expect(estimate.totalBytes).toBe(101_770 * 16 + 1_706 * 32 * 8);
    // The first dense layer's 100,480 parameters outweigh any one batch of activations (784 × 32).
    expect(estimate.largestBufferBytes).toBe(100_480 * 4);
  });

  it('takes a batch of large activations as the largest buffer when it outweighs every layer', () => {
    const estimate = estimateTrainingMemory(summaryOf([{ type: 'conv2d', filters: 64, kernelSize: 3, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }]), [28, 28, 1], 256);
    expect(estimate.largestBufferBytes).toBe(28 * 28 * 64 * 256 * 4);
  });
});

describe('memoryLimits and memoryProblems', () => {
  it('uses the fixed ceiling without a device, and the smaller of the device\'s buffer limits when it reports them', () => {
    expect(memoryLimits()).toEqual(FIXED_LIMITS);
    expect(memoryLimits({ maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 })).toMatchObject({ totalBytes: FIXED_LIMITS.totalBytes, bufferBytes: 128 * 2 ** 20 });
    expect(memoryLimits({ maxBufferSize: 8 * 2 ** 30 }).bufferBytes).toBe(FIXED_LIMITS.bufferBytes);
  });

  it('lets a small MLP through', () => {
    const estimate = estimateTrainingMemory(summaryOf(MLP), [28, 28, 1], 256);
    expect(memoryProblems(estimate, memoryLimits({ maxStorageBufferBindingSize: 128 * 2 ** 20 }), 256)).toEqual([]);
  });

  it('refuses a model of 262 million parameters on both counts, with the sizes and what to change', () => {
    const summary = summaryOf(HUGE);
    expect(summary.params).toBe(262_350_010);
    const problems = memoryProblems(estimateTrainingMemory(summary, [28, 28, 1], 32), memoryLimits({ maxStorageBufferBindingSize: 128 * 2 ** 20 }), 32);
    expect(problems).toEqual([
      expect.stringMatching(/^training needs about 4\.0 GiB \(weights with optimizer state 3\.9 GiB, activations of a batch of 32 \d+ MiB\), more than the 2\.0 GiB allowed/),
      'its largest tensor takes 989 MiB, more than the 128 MiB of one buffer (the WebGPU device\'s largest buffer): make the largest layer smaller',
    ]);
  });
});
