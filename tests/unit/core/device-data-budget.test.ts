import { describe, expect, it } from 'vitest';
import { deviceBytes, planDeviceData } from '../../../src/core/device-data-budget';

const MNIST_TRAIN = { images: 60_000, bytesPerImage: 784 };
const MiB = 2 ** 20;

describe('planDeviceData', () => {
  it('counts pixels as bytes padded to whole words, plus a label and an order entry per image', () => {
    expect(deviceBytes({ images: 3, bytesPerImage: 5 })).toBe(16 + 24);
    expect(deviceBytes(MNIST_TRAIN)).toBe(47_040_000 + 480_000);
  });

  it('keeps MNIST-sized training and validation sets on the device under the default budget', () => {
    const plan = planDeviceData({ sets: [MNIST_TRAIN, { images: 10_000, bytesPerImage: 784 }], maxBindingBytes: 128 * MiB });
    expect(plan).toEqual({ onDevice: true, bytes: deviceBytes(MNIST_TRAIN) + deviceBytes({ images: 10_000, bytesPerImage: 784 }) });
  });

  it('sends batches from the host when the sets exceed the budget, and says by how much', () => {
    const photos = { images: 20_000, bytesPerImage: 224 * 224 * 3 };
    const plan = planDeviceData({ sets: [photos], maxBindingBytes: 4096 * MiB, budgetBytes: 512 * MiB });
    expect(plan.onDevice).toBe(false);
    expect(plan.onDevice ? '' : plan.reason).toBe('the sets take 2871 MiB, over the 512 MiB budget for data on the device');
  });

  it('sends batches from the host when one set is larger than a single storage binding, whatever the budget', () => {
    const plan = planDeviceData({ sets: [{ images: 200_000, bytesPerImage: 784 }], maxBindingBytes: 128 * MiB, budgetBytes: 1024 * MiB });
    expect(plan.onDevice).toBe(false);
    expect(plan.onDevice ? '' : plan.reason).toMatch(/exceed the device's largest buffer binding \(128 MiB\)/);
  });

  it('fits exactly at the budget and not one byte over', () => {
    const set = { images: 1000, bytesPerImage: 100 };
    expect(planDeviceData({ sets: [set], maxBindingBytes: MiB, budgetBytes: deviceBytes(set) }).onDevice).toBe(true);
    expect(planDeviceData({ sets: [set], maxBindingBytes: MiB, budgetBytes: deviceBytes(set) - 1 }).onDevice).toBe(false);
  });

  it('has nothing to upload for empty sets', () => {
    expect(planDeviceData({ sets: [{ images: 0, bytesPerImage: 784 }], maxBindingBytes: MiB })).toEqual({ onDevice: false, bytes: 0, reason: 'there are no images' });
  });
});
