// How our WebGPU gradient kernels split their work, as pure functions of the shapes, so the choice is unit-tested
// and the same shape always gets the same shader (pipelines are cached by shader key).
//
// The target is a big discrete GPU (an H100 has 132 SMs, each keeping up to 2,048 threads in flight): about a
// thousand workgroups per dispatch, while staying inside WebGPU's default limits (256 invocations and 16 KiB of
// workgroup memory per workgroup, 65,535 workgroups per dispatch dimension), which every adapter grants.

/** Workgroups we aim for in one dispatch: roughly eight per SM on a 132-SM GPU, a full wave of threads. */
export const TARGET_WORKGROUPS = 1024;
export const MAX_INVOCATIONS = 256;
export const MAX_WORKGROUPS_PER_DIM = 65_535;
/** Workgroup memory we allow ourselves (half the guaranteed 16 KiB, so two workgroups fit where 32 KiB exist). */
const TILE_BYTES = 8192;
/** A K-slice is at least this many tile steps, so writing its partial sums costs little beside computing them. */
const MIN_STEPS_PER_SPLIT = 8;
/** Partial sums kept for the split-K reduction are capped at this many floats (64 MiB). */
const MAX_PARTIAL_FLOATS = 16 * 1024 * 1024;

/**
 * A tiled GEMM C[M×N] = Σ_k A[k, m]·B[k, n], split along K: workgroup (tile, split) computes a tileM×tileN block of C
 * over K-slice `split`, each thread holding rowsPerThread rows × 4 columns. With splits > 1 the slices' partial sums
 * go to a [splits, M, N] buffer and a second dispatch adds them (WGSL has no float atomics).
 */
export interface GemmPlan {
  tileM: number;
  tileN: number;
  tileK: number;
  rowsPerThread: number;
  threads: number;
  tilesM: number;
  tilesN: number;
  splits: number;
  /** K per split, a multiple of tileK; the last split may be shorter. */
  kPerSplit: number;
  /** Tile steps every split runs (a constant, so barriers stay in uniform control flow). */
  stepsPerSplit: number;
}

/** Plans the filter-gradient GEMM: M = fh·fw·ci, N = co, K = batch·outH·outW. */
export function planGemm(m: number, n: number, k: number): GemmPlan {
  checkSizes({ m, n, k });
  const tileM = pickTile(m, 64);
  const tileN = pickTile(n, 64);
  const columnThreads = tileN / 4;
  let rowsPerThread = 1;
  while ((tileM / rowsPerThread) * columnThreads > MAX_INVOCATIONS) rowsPerThread *= 2;
  // More rows per thread reuse each loaded column more; keep at least 128 threads to hide latency.
  while (rowsPerThread < 4 && tileM / (rowsPerThread * 2) >= 1 && (tileM / (rowsPerThread * 2)) * columnThreads >= 128) rowsPerThread *= 2;
  const threads = (tileM / rowsPerThread) * columnThreads;
  const tileK = [32, 16, 8].find((t) => t * (tileM + tileN) * 4 <= TILE_BYTES) ?? 4;
  const tilesM = Math.ceil(m / tileM);
  const tilesN = Math.ceil(n / tileN);
  const steps = Math.ceil(k / tileK);
  const { splits, stepsPerSplit } = splitSteps(steps, tilesM * tilesN, m * n);
  return { tileM, tileN, tileK, rowsPerThread, threads, tilesM, tilesN, splits, kPerSplit: stepsPerSplit * tileK, stepsPerSplit };
}

/**
 * The depthwise filter gradient: per tap and output channel a dot product over K = batch·outH·outW. A workgroup has
 * channelLanes × kLanes threads; each thread owns 4 output channels and `taps` filter taps, walks its K-slice with
 * stride kLanes, and the kLanes partial sums are added in workgroup memory before one write per split.
 */
export interface DepthwisePlan {
  channelLanes: number;
  kLanes: number;
  threads: number;
  channelGroups: number;
  /** Filter taps (kh, kw) each workgroup accumulates in registers. */
  taps: number;
  tapGroups: number;
  splits: number;
  kPerSplit: number;
}

export function planDepthwise(taps: number, outChannels: number, k: number): DepthwisePlan {
  checkSizes({ taps, outChannels, k });
  const quads = Math.ceil(outChannels / 4);
  const channelLanes = Math.min(64, quads);
  const kLanes = floorPow2(MAX_INVOCATIONS / channelLanes);
  const channelGroups = Math.ceil(quads / channelLanes);
  const tapsPer = Math.min(taps, 9);
  const tapGroups = Math.ceil(taps / tapsPer);
  // Each thread walks at least MIN_STEPS_PER_SPLIT positions of its slice.
  const steps = Math.ceil(k / kLanes);
  const { splits, stepsPerSplit } = splitSteps(steps, channelGroups * tapGroups, taps * outChannels);
  return { channelLanes, kLanes, threads: channelLanes * kLanes, channelGroups, taps: tapsPer, tapGroups, splits, kPerSplit: stepsPerSplit * kLanes };
}

/** A column sum of a [rows, columns] matrix (a bias gradient) is a depthwise filter gradient with one tap and no x. */
export function planColumnSum(columns: number, rows: number): DepthwisePlan {
  return planDepthwise(1, columns, rows);
}

/** The second pass: out[o] = Σ_s partial[s, o], a workgroup of outLanes × splitLanes threads with a tree sum. */
export interface SplitSumPlan {
  outLanes: number;
  splitLanes: number;
  workgroups: number;
}

export function planSplitSum(splits: number, length: number): SplitSumPlan {
  checkSizes({ splits, length });
  const splitLanes = Math.min(64, Math.max(1, floorPow2(splits / 8)));
  const outLanes = MAX_INVOCATIONS / splitLanes;
  return { outLanes, splitLanes, workgroups: Math.ceil(length / outLanes) };
}

/** A dispatch of `count` workgroups laid out within the per-dimension limit; kernels rebuild the flat index. */
export function gridOf(count: number): [number, number, number] {
  if (count <= MAX_WORKGROUPS_PER_DIM) return [count, 1, 1];
  const y = Math.ceil(count / MAX_WORKGROUPS_PER_DIM);
  return [Math.ceil(count / y), y, 1];
}

/**
 * The tile along one GEMM side. A side that fits one tile gets the power of two above it, so the other operand is
 * read once (those shapes, such as a first layer's M = 3·3·1, are memory-bound, so the idle lanes cost little).
 * Longer sides take the largest tile that wastes under 15 %, else the one that pads least.
 */
function pickTile(size: number, cap: number): number {
  if (size <= cap) return Math.max(4, 2 ** Math.ceil(Math.log2(size)));
  const candidates = [64, 32, 16].filter((t) => t <= cap);
  const fit = candidates.find((t) => size / (Math.ceil(size / t) * t) >= 0.85);
  if (fit) return fit;
  return candidates.reduce((best, t) => (Math.ceil(size / t) * t < Math.ceil(size / best) * best ? t : best));
}

function splitSteps(steps: number, workgroupsPerSplit: number, outputs: number): { splits: number; stepsPerSplit: number } {
  const wanted = Math.max(1, Math.ceil(TARGET_WORKGROUPS / workgroupsPerSplit));
  const capped = Math.min(wanted, Math.max(1, Math.floor(MAX_PARTIAL_FLOATS / outputs)), MAX_WORKGROUPS_PER_DIM);
  const stepsPerSplit = Math.max(Math.min(MIN_STEPS_PER_SPLIT, steps), Math.ceil(steps / capped));
  return { splits: Math.ceil(steps / stepsPerSplit), stepsPerSplit };
}

function floorPow2(x: number): number {
  return x < 1 ? 0 : 2 ** Math.floor(Math.log2(x));
}

function checkSizes(sizes: Record<string, number>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`GPU tiling needs a positive whole ${name}, got ${value}`);
  }
}
