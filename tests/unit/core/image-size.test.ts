import { describe, expect, it } from 'vitest';
import { decideImageSize, orientationOf } from '../../../src/core/image-size';

const size = (width: number, height: number, count = 1) => ({ width, height, count });

describe('the image size decided from the data', () => {
  it('gives a landscape size to a mostly landscape folder of mixed sizes, saying why', () => {
    // 10 landscape photos of all-different sizes and 2 portraits: "the most common size" would be any one of them.
    const landscapes = [640, 800, 1024, 720, 600, 960, 1280, 500, 660, 880].map((w, i) => size(w, Math.round(w * 0.75) - i));
    const decision = decideImageSize([...landscapes, size(51, 64), size(480, 640)], { maxSide: 64 });
    expect(decision.width).toBe(64);
    expect(decision.height).toBeLessThan(64);
    expect(decision.width / decision.height).toBeCloseTo(4 / 3, 1);
    expect(decision.reason).toMatch(/^Most images are landscape \(83 %\); median \d+×\d+, scaled to 64×48 \(longest side at most 64\)\.$/);
  });

  it('takes the median width and height of all-different sizes, not any one of them', () => {
    const decision = decideImageSize([size(300, 200), size(400, 300), size(500, 400), size(600, 300), size(700, 500)], { maxSide: 1000 });
    expect({ width: decision.width, height: decision.height }).toEqual({ width: 500, height: 300 });
    expect(decision.reason).toBe('All images are landscape; median 500×300, kept at 500×300.');
  });

  it('keeps a size every image shares when it is within the cap', () => {
    expect(decideImageSize([size(28, 28, 10_000)], { maxSide: 64 })).toEqual({ width: 28, height: 28, reason: 'Every image is 28×28, kept at 28×28.' });
  });

  it('caps the longest side and keeps the aspect, portrait too', () => {
    const decision = decideImageSize([size(480, 640, 5), size(600, 800, 4), size(500, 500)], { maxSide: 32 });
    expect({ width: decision.width, height: decision.height }).toEqual({ width: 24, height: 32 });
    expect(decision.reason).toMatch(/^Most images are portrait \(90 %\); median 480×640, scaled to 24×32/);
  });

  it('uses the backbone input size when a backbone is chosen, and says so', () => {
    const decision = decideImageSize([size(640, 480, 3), size(800, 600)], { maxSide: 64, backboneInput: { width: 224, height: 224 } });
    expect({ width: decision.width, height: decision.height }).toEqual({ width: 224, height: 224 });
    expect(decision.reason).toBe('The backbone takes 224×224 images, so every image is fitted to that. All images are landscape; median 640×480.');
  });

  it('says when the sizes come from a sample of the images', () => {
    const decision = decideImageSize([size(640, 480, 500)], { maxSide: 64, sample: { sampled: 500, total: 2_000 } });
    expect(decision.reason).toBe('Sizes read from 500 of 2,000 images. Every image is 640×480, scaled to 64×48 (longest side at most 64).');
  });

  it('falls back to 28×28 when no size could be read', () => {
    expect(decideImageSize([], { maxSide: 64 })).toMatchObject({ width: 28, height: 28 });
  });

  it('calls sizes within 5 % of square square', () => {
    expect([orientationOf(size(640, 620)), orientationOf(size(640, 480)), orientationOf(size(480, 640))]).toEqual(['square', 'landscape', 'portrait']);
  });
});
