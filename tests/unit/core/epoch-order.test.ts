import { describe, expect, it } from 'vitest';
import { epochOrder, epochWindows, inOrderWindows, shardStarts, windowImages } from '../../../src/core/epoch-order';
import { permutation, seededRandom } from '../../../src/core/random';

const counts = [100, 100, 100, 100, 100, 100, 100, 37];
const total = counts.reduce((a, b) => a + b, 0);
const request = { seed: 3, epoch: 2, shardCounts: counts, windowImages: 250 };

describe('the epoch order over stored shards', () => {
  it('visits every image of the split exactly once', () => {
    const order = epochOrder(request);
    expect(order.length).toBe(total);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('is the same for the same seed and epoch, and differs for another epoch or seed', () => {
    expect(epochOrder(request)).toEqual(epochOrder({ ...request }));
    expect(epochOrder({ ...request, epoch: 3 })).not.toEqual(epochOrder(request));
    expect(epochOrder({ ...request, seed: 4 })).not.toEqual(epochOrder(request));
  });

  it('keeps each window to whole shards within the window size, and visits a window\'s images before the next window\'s', () => {
    const windows = epochWindows(request);
    const starts = shardStarts(counts);
    const shardOf = (g: number) => counts.findIndex((_, s) => g >= starts[s]! && g < starts[s + 1]!);
    expect(windows.flatMap((w) => w.shards).sort()).toEqual(counts.map((_, i) => i));
    for (const w of windows) {
      const images = w.shards.reduce((n, s) => n + counts[s]!, 0);
      expect(images <= 250 || w.shards.length === 1).toBe(true);
      expect(new Set([...w.order].map(shardOf))).toEqual(new Set(w.shards));
      expect(w.order.length).toBe(images);
    }
    // Shards are shuffled: the windows do not simply follow the stored order.
    expect(windows.flatMap((w) => w.shards)).not.toEqual(counts.map((_, i) => i));
  });

  it('mixes the images of a window\'s shards rather than visiting them shard after shard', () => {
    const starts = shardStarts(counts);
    const window = epochWindows(request).find((w) => w.shards.length > 1)!;
    const firstTen = [...window.order.subarray(0, 20)].map((g) => counts.findIndex((_, s) => g < starts[s + 1]!));
    expect(new Set(firstTen).size).toBeGreaterThan(1);
  });

  it('never visits a held-out image and visits every other one once', () => {
    const heldOut = Uint8Array.from({ length: total }, (_, i) => (i % 7 === 3 ? 1 : 0));
    const order = epochOrder({ ...request, heldOut });
    const kept = Array.from({ length: total }, (_, i) => i).filter((i) => heldOut[i] === 0);
    expect([...order].sort((a, b) => a - b)).toEqual(kept);
  });

  it('for a split of one shard is the permutation the in-memory loop always drew, so older runs keep their order', () => {
    expect(epochOrder({ seed: 9, epoch: 4, shardCounts: [300], windowImages: 1000 })).toEqual(permutation(300, seededRandom(9 * 100_003 + 4)));
  });

  it('puts a shard larger than the window in a window of its own', () => {
    const windows = epochWindows({ seed: 1, epoch: 0, shardCounts: [10, 500, 10], windowImages: 100 });
    expect(windows.find((w) => w.shards.includes(1))!.shards).toEqual([1]);
  });
});

describe('windows for reading a split front to back', () => {
  it('cover the kept images in index order, leaving out windows with none', () => {
    const keep = Uint8Array.from({ length: total }, (_, i) => (i < 150 || i > 700 ? 1 : 0));
    const windows = inOrderWindows(counts, 250, keep);
    const order = windows.flatMap((w) => [...w.order]);
    expect(order).toEqual(Array.from({ length: total }, (_, i) => i).filter((i) => keep[i]));
    expect(windows.flatMap((w) => w.shards)).toEqual([0, 1, 7]);
  });
});

describe('the window size', () => {
  it('comes from the bytes per image: tens of MB of 28×28 digits or of 96×96×3 photos', () => {
    expect(windowImages(784)).toBe(42_799);
    expect(windowImages(96 * 96 * 3)).toBe(1_213);
    expect(windowImages(64 * 1024 * 1024)).toBe(1);
  });
});
