// The order a training epoch visits a split's images when they come from stored shards: the shards are shuffled,
// grouped into windows of a few tens of MB, and the images of each window are shuffled together. Indices are global
// positions in the split (its shards concatenated in index order), so a split held in memory and one streamed shard
// by shard see the same order for the same (seed, epoch). The window comes from the data (bytes per image), never
// from which path reads it. Images held out for validation are skipped.
import { permutation, seededRandom, shuffleInPlace } from './random';

/** Bytes of pixels one window holds: a few tens of MB, so two of them (one training, one read ahead) stay small. */
export const WINDOW_BYTES = 32 * 1024 * 1024;

/** Images in one window for images of `bytesPerImage` bytes (at least one). */
export function windowImages(bytesPerImage: number, windowBytes = WINDOW_BYTES): number {
  return Math.max(1, Math.floor(windowBytes / Math.max(1, bytesPerImage)));
}

/** A group of shards read together, and the global indices of its images in the order they are visited. */
export interface EpochWindow {
  shards: readonly number[];
  order: Uint32Array;
}

export interface EpochOrderRequest {
  seed: number;
  epoch: number;
  /** Images per shard, in shard order. */
  shardCounts: readonly number[];
  /** Images a window may hold (a window holds at least one shard, even a larger one). */
  windowImages: number;
  /** Per global index, non-zero when the image is held out (validation): it is never visited. */
  heldOut?: Uint8Array;
}

/** First global index of each shard, and the total, from images per shard. */
export function shardStarts(shardCounts: readonly number[]): Uint32Array {
  const starts = new Uint32Array(shardCounts.length + 1);
  shardCounts.forEach((n, i) => (starts[i + 1] = (starts[i] as number) + n));
  return starts;
}

/** Consecutive shards (as listed) grouped so each group holds at most `limit` images, or one shard when that is larger. */
function groupShards(shards: readonly number[], shardCounts: readonly number[], limit: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let images = 0;
  for (const shard of shards) {
    const n = shardCounts[shard] as number;
    if (current.length > 0 && images + n > limit) {
      groups.push(current);
      current = [];
      images = 0;
    }
    current.push(shard);
    images += n;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The global indices of `shards` (in that order), less the held-out ones. */
function indicesOf(shards: readonly number[], starts: Uint32Array, heldOut: Uint8Array | undefined, shuffle?: () => number): Uint32Array {
  const total = shards.reduce((n, s) => n + ((starts[s + 1] as number) - (starts[s] as number)), 0);
  const all = new Uint32Array(total);
  let at = 0;
  for (const s of shards) for (let g = starts[s] as number; g < (starts[s + 1] as number); g++) all[at++] = g;
  const visited = shuffle ? permutation(total, shuffle).map((i) => all[i] as number) : all;
  return heldOut ? visited.filter((g) => heldOut[g] === 0) : visited;
}

/**
 * One epoch's windows: shards shuffled, grouped into windows, images shuffled within each window. One random stream
 * seeded by (seed, epoch) drives both shuffles, so a split of one shard gets exactly `permutation(n, seededRandom(…))`.
 */
export function epochWindows(request: EpochOrderRequest): EpochWindow[] {
  const { shardCounts, heldOut } = request;
  const random = seededRandom(request.seed * 100_003 + request.epoch);
  const shards = shuffleInPlace(Array.from(shardCounts, (_, i) => i), random);
  const starts = shardStarts(shardCounts);
  return groupShards(shards, shardCounts, request.windowImages)
    .map((group) => ({ shards: group, order: indicesOf(group, starts, heldOut, random) }));
}

/** The whole epoch's order: its windows' orders one after the other. */
export function epochOrder(request: EpochOrderRequest): Uint32Array {
  return concatOrders(epochWindows(request));
}

/** A split read front to back (evaluation): windows of consecutive shards, images in index order, `keep` only when given. */
export function inOrderWindows(shardCounts: readonly number[], windowImages: number, keep?: Uint8Array): EpochWindow[] {
  const starts = shardStarts(shardCounts);
  const skip = keep && keep.map((k) => (k ? 0 : 1));
  // A shard with nothing to visit is never read.
  const needed = Array.from(shardCounts, (_, i) => i).filter((s) => !keep || keep.subarray(starts[s], starts[s + 1]).some((k) => k !== 0));
  return groupShards(needed, shardCounts, windowImages).map((group) => ({ shards: group, order: indicesOf(group, starts, skip) }));
}

export function concatOrders(windows: readonly EpochWindow[]): Uint32Array {
  const out = new Uint32Array(windows.reduce((n, w) => n + w.order.length, 0));
  let at = 0;
  for (const w of windows) {
    out.set(w.order, at);
    at += w.order.length;
  }
  return out;
}
