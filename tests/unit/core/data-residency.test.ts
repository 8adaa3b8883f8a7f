import { describe, expect, it } from 'vitest';
import { holdsValidation, planResidency, residentBudgetBytes } from '../../../src/core/data-residency';

const MiB = 2 ** 20;

describe('holding a run\'s images in memory or streaming them', () => {
  it('derives the budget from the device\'s memory, and guesses 4 GiB when the browser does not say', () => {
    expect(residentBudgetBytes(8)).toBe(1024 * MiB);
    expect(residentBudgetBytes(2)).toBe(256 * MiB);
    expect(residentBudgetBytes(undefined)).toBe(512 * MiB);
    expect(residentBudgetBytes(Number.NaN)).toBe(512 * MiB);
  });

  it('keeps 100,000 digits (78 MB) in memory on a 4 GiB device', () => {
    expect(planResidency({ bytes: 100_000 * 784, deviceMemoryGiB: 4 })).toEqual({ inMemory: true, bytes: 78_400_000, budgetBytes: 512 * MiB });
  });

  it('streams 100,000 photos of 96×96×3 (2.8 GB) even on an 8 GiB device, saying why', () => {
    const plan = planResidency({ bytes: 100_000 * 96 * 96 * 3, deviceMemoryGiB: 8 });
    expect(plan.inMemory).toBe(false);
    expect(plan.inMemory === false && plan.reason).toBe('the images take 2637 MiB, over the 1024 MiB this device can hold in memory: they are streamed from storage');
  });

  it('takes an explicit budget over the device\'s', () => {
    expect(planResidency({ bytes: 10 * MiB, deviceMemoryGiB: 8, budgetBytes: 5 * MiB }).inMemory).toBe(false);
  });
});

describe('holdsValidation', () => {
  it('holds the 10 % held out of 100,000 streamed photos (276 MB) on an 8 GiB device, and not on a 4 GiB one', () => {
    const held = 10_000 * 96 * 96 * 3;
    expect(holdsValidation(held, residentBudgetBytes(8))).toBe(true);
    expect(holdsValidation(held, residentBudgetBytes(4))).toBe(false);
  });

  it('holds up to half the budget', () => {
    expect(holdsValidation(256 * MiB, 512 * MiB)).toBe(true);
    expect(holdsValidation(256 * MiB + 1, 512 * MiB)).toBe(false);
  });
});
