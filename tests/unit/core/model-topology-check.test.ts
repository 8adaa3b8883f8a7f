import { describe, expect, it } from 'vitest';
import { topologyProblem } from '../../../src/core/model-topology-check';

const dense = (units: number, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name: 'dense', units, ...extra } });
const sequential = (...layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 28, 28, 1] } }, ...layers] } });
const denseWeights = [{ name: 'dense/kernel', shape: [784, 10] }, { name: 'dense/bias', shape: [10] }];

describe('checking a model topology against its weights', () => {
  it('accepts a model whose layers declare the sizes of its weights, nested or prefixed', () => {
    expect(topologyProblem(sequential(dense(10)), denseWeights)).toBeUndefined();
    expect(topologyProblem({ model_config: sequential(dense(10)) }, [{ name: 'outer/dense/kernel', shape: [784, 10] }])).toBeUndefined();
  });

  it('refuses a last dense layer claiming 1e8 units with its weights unchanged, before tfjs would allocate them', () => {
    expect(topologyProblem(sequential(dense(1e8)), denseWeights)).toBe('layer "dense" (Dense) declares units 100000000, more than the 1,048,576 any size of a layer may be');
  });

  it('refuses units that the kernel in the manifest does not have, and a layer with no kernel at all', () => {
    expect(topologyProblem(sequential(dense(100_000)), denseWeights)).toBe('layer "dense" (Dense) declares 100,000 units, but its kernel in the weights manifest is [784, 10]');
    expect(topologyProblem(sequential(dense(10)), [])).toBe('layer "dense" (Dense) declares 10 units, but the weights manifest has no "dense/kernel"');
  });

  it('checks convolution filters and kernel sizes, and LSTM gates', () => {
    const conv = (filters: number, kernel: number[]) => ({ class_name: 'Conv2D', config: { name: 'conv', filters, kernel_size: kernel, padding: 'same' } });
    const kernel = [{ name: 'conv/kernel', shape: [3, 3, 1, 16] }];
    expect(topologyProblem(sequential(conv(16, [3, 3])), kernel)).toBeUndefined();
    expect(topologyProblem(sequential(conv(16, [999, 999])), kernel)).toBe('layer "conv" (Conv2D) declares a kernel of 999×999, which the weights manifest does not hold');
    expect(topologyProblem(sequential(conv(4096, [3, 3])), kernel)).toBe('layer "conv" (Conv2D) declares 4,096 filters, but its kernel in the weights manifest is [3, 3, 1, 16]');
    const lstm = { class_name: 'LSTM', config: { name: 'lstm', units: 8 } };
    expect(topologyProblem(sequential(lstm), [{ name: 'lstm/kernel', shape: [28, 32] }])).toBeUndefined();
  });

  it('refuses an input that one example cannot fit in memory', () => {
    const huge = { class_name: 'Sequential', config: { layers: [{ class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 65535, 65535, 1] } }, dense(10)] } };
    expect(topologyProblem(huge, denseWeights)).toBe('layer "flatten" (Flatten) takes inputs of 16.0 GiB each ([null, 65535, 65535, 1]), more than the 256 MiB allowed for one input');
  });

  it('refuses a topology of more layers than any model here has', () => {
    const many = { class_name: 'Sequential', config: { layers: Array.from({ length: 10_001 }, (_, i) => ({ class_name: 'ReLU', config: { name: `r${i}` } })) } };
    expect(topologyProblem(many, [])).toBe('it declares 10,001 layers, more than the 10,000 allowed');
  });
});
