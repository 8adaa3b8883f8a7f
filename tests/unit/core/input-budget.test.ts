import { describe, expect, it } from 'vitest';
import { expansionProblem, formatSize, GiB, IMAGE_BYTES_LIMIT, imageSizeProblem, MiB, modelInputProblem, pngStreamBytes } from '../../../src/core/input-budget';

describe('input budgets', () => {
  it('writes sizes in the binary units the limits are set in', () => {
    expect(formatSize(3 * GiB)).toBe('3 GiB');
    expect(formatSize(2.5 * GiB)).toBe('2.5 GiB');
    expect(formatSize(256 * MiB)).toBe('256 MiB');
    expect(formatSize(1000)).toBe('1000 bytes');
  });

  it('names the size and the limit when an entry expands past its budget', () => {
    expect(expansionProblem(3 * GiB, 512 * MiB, 'one file of a run')).toBe('expands to 3 GiB, more than the 512 MiB allowed for one file of a run');
    expect(expansionProblem(512 * MiB, 512 * MiB, 'one file of a run')).toBeUndefined();
  });

  it('refuses an image past 8192 pixels a side, and keeps one of exactly 8192×8192 (256 MiB as RGBA)', () => {
    expect(imageSizeProblem(32768, 32768)).toBe('image too large (32768×32768; at most 8192 pixels a side)');
    expect(imageSizeProblem(8192, 8192)).toBeUndefined();
    expect(8192 * 8192 * 4).toBe(IMAGE_BYTES_LIMIT);
  });

  it('refuses a model input that cannot be fed one image as numbers', () => {
    expect(modelInputProblem(65535, 65535, 1)).toBe('the model takes 65535×65535 images, more than the 8192 pixels a side allowed for one image');
    expect(modelInputProblem(8192, 8192, 3)).toBe('the model takes 8192×8192×3 images, 768 MiB each as numbers, more than the 256 MiB allowed for one image');
    expect(modelInputProblem(224, 224, 3)).toBeUndefined();
  });

  it('computes a PNG pixel stream from its header: a filter byte per row, packed samples, Adam7 passes', () => {
    expect(pngStreamBytes(28, 28, 0, 8, false)).toBe(28 * 29);
    expect(pngStreamBytes(10, 2, 2, 16, false)).toBe(2 * (1 + 60));
    expect(pngStreamBytes(9, 1, 3, 1, false)).toBe(1 + 2);
    // 8×8 interlaced grey: passes of 1×1, 1×1, 2×1, 2×2, 4×2, 4×4, 8×4.
    expect(pngStreamBytes(8, 8, 0, 8, true)).toBe(2 + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9);
    expect(pngStreamBytes(8, 8, 5, 8, false)).toBeNaN();
  });
});
