// Conv2DBackpropFilter as a tiled, split-K GEMM:
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · dy[n, oh, ow, co]
// with M = fh·fw·ci (rows of dW seen as [M, N]), N = co, K = n·oh·ow. dy is already a row-major [K, N] matrix; the
// x side is gathered (implicit im2col) while loading a tile. tfjs's program runs one thread per filter element, each
// looping over all of K: 288 threads for a first layer with K = 200,704. Here about a thousand workgroups share K,
// each with shared-memory tiles of x and dy, and a second dispatch adds the K-slices (see split-sum.ts).
import type * as tf from '@tensorflow/tfjs';
import { planGemm, type GemmPlan } from '../../../core/gpu-tiling';
import { convGeometry, KEEP_UNIFORMS_BOUND, rowVec4Load, shaderKeyOf, wgslConstants, WgslProgram, type GpuKernel, type WebGpuBackendLike } from './program';
import { sumSplits } from './split-sum';

class FilterGradGemmProgram extends WgslProgram {
  variableNames = ['x', 'dy'];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly constants: Record<string, number>;
  private readonly xVec4: boolean;
  private readonly dyVec4: boolean;

  constructor(info: tf.backend_util.Conv2DInfo, private readonly plan: GemmPlan) {
    super();
    const m = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.outChannels;
    const k = info.batchSize * info.outHeight * info.outWidth;
    // vec4 loads need 4 consecutive channels that stay inside one filter tap (x) or one row (dy).
    this.xVec4 = info.inChannels % 4 === 0;
    this.dyVec4 = n % 4 === 0;
    this.variableComponents = [this.xVec4 ? 4 : 1, this.dyVec4 ? 4 : 1];
    this.outputShape = plan.splits > 1 ? [plan.splits, m * n] : info.filterShape;
    this.dispatch = [plan.tilesM * plan.tilesN, plan.splits, 1];
    this.workgroupSize = [plan.threads, 1, 1];
    this.constants = {
      M: m, N: n, K: k, TILE_M: plan.tileM, TILE_N: plan.tileN, TILE_K: plan.tileK, ROWS: plan.rowsPerThread,
      THREADS: plan.threads, TILES_N: plan.tilesN, K_PER_SPLIT: plan.kPerSplit, STEPS: plan.stepsPerSplit,
      SPLITS: plan.splits, IN_H: info.inHeight, IN_W: info.inWidth, CI: info.inChannels, OUT_H: info.outHeight,
      OUT_W: info.outWidth, FW: info.filterWidth, SH: info.strideHeight, SW: info.strideWidth,
      PAD_T: info.padInfo.top, PAD_L: info.padInfo.left,
    };
    this.shaderKey = shaderKeyOf('conv2dFilterGrad', { ...this.constants, xVec4: this.xVec4, dyVec4: this.dyVec4 });
  }

  getUserCode(): string {
    const groupWidth = this.xVec4 ? 4 : 1;
    return `
${wgslConstants(this.constants)}
const TILE_NV : i32 = TILE_N / 4;
const ROW_STRIDE : i32 = TILE_M / ROWS;
const A_GROUPS : i32 = TILE_M / ${groupWidth};

var<workgroup> tileA : array<f32, ${this.plan.tileK * this.plan.tileM}>;
var<workgroup> tileB : array<vec4<f32>, ${(this.plan.tileK * this.plan.tileN) / 4}>;

// Element offset of x[n, ih, iw, ci] for GEMM row k (a position n, oh, ow) and column m (a tap kh, kw and channel
// ci), or -1 where the window falls in the padding.
fn xOffset(k : i32, m : i32) -> i32 {
  let n = k / (OUT_H * OUT_W);
  let p = k - n * (OUT_H * OUT_W);
  let oh = p / OUT_W;
  let ow = p - oh * OUT_W;
  let kh = m / (FW * CI);
  let q = m - kh * (FW * CI);
  let kw = q / CI;
  let ci = q - kw * CI;
  let ih = oh * SH + kh - PAD_T;
  let iw = ow * SW + kw - PAD_L;
  if (ih < 0 || ih >= IN_H || iw < 0 || iw >= IN_W) {
    return -1;
  }
  return ((n * IN_H + ih) * IN_W + iw) * CI + ci;
}

${this.xVec4 ? `
fn loadA(k : i32, m : i32, kEnd : i32) -> vec4<f32> {
  if (k >= kEnd || m >= M) { return vec4<f32>(0.0); }
  let at = xOffset(k, m);
  if (at < 0) { return vec4<f32>(0.0); }
  return x[at / 4];
}` : `
fn loadA(k : i32, m : i32, kEnd : i32) -> f32 {
  if (k >= kEnd || m >= M) { return 0.0; }
  let at = xOffset(k, m);
  if (at < 0) { return 0.0; }
  return x[at];
}`}

fn loadB(k : i32, n : i32, kEnd : i32) -> vec4<f32> {
  if (k >= kEnd || n >= N) { return vec4<f32>(0.0); }
  ${rowVec4Load('dy', 'N', 'k', 'n', this.dyVec4)}
}

fn main() {
  ${KEEP_UNIFORMS_BOUND}
  let li = i32(localIndex);
  let tx = li % TILE_NV;
  let ty = li / TILE_NV;
  let tile = i32(workgroupId.x);
  let split = i32(workgroupId.y);
  let m0 = (tile / TILES_N) * TILE_M;
  let n0 = (tile % TILES_N) * TILE_N;
  let kStart = split * K_PER_SPLIT;
  let kEnd = min(kStart + K_PER_SPLIT, K);
  var acc : array<vec4<f32>, ROWS>;

  // A constant trip count keeps the barriers in uniform control flow; steps past kEnd load zeros.
  for (var step = 0; step < STEPS; step++) {
    let k0 = kStart + step * TILE_K;
    for (var i = li; i < TILE_K * A_GROUPS; i += THREADS) {
      let row = i / A_GROUPS;
      let col = (i % A_GROUPS) * ${groupWidth};
      ${this.xVec4 ? `let v = loadA(k0 + row, m0 + col, kEnd);
      let at = row * TILE_M + col;
      tileA[at] = v.x;
      tileA[at + 1] = v.y;
      tileA[at + 2] = v.z;
      tileA[at + 3] = v.w;` : 'tileA[row * TILE_M + col] = loadA(k0 + row, m0 + col, kEnd);'}
    }
    for (var i = li; i < TILE_K * TILE_NV; i += THREADS) {
      let row = i / TILE_NV;
      tileB[i] = loadB(k0 + row, n0 + (i % TILE_NV) * 4, kEnd);
    }
    workgroupBarrier();
    for (var kk = 0; kk < TILE_K; kk++) {
      let b = tileB[kk * TILE_NV + tx];
      for (var r = 0; r < ROWS; r++) {
        acc[r] = fma(vec4<f32>(tileA[kk * TILE_M + ty + r * ROW_STRIDE]), b, acc[r]);
      }
    }
    workgroupBarrier();
  }

  let base = split * M * N;
  for (var r = 0; r < ROWS; r++) {
    let m = m0 + ty + r * ROW_STRIDE;
    if (m < M) {
      for (var c = 0; c < 4; c++) {
        let n = n0 + tx * 4 + c;
        if (n < N) {
          result[base + m * N + n] = acc[r][c];
        }
      }
    }
  }
}
`;
  }
}

/** Our Conv2DBackpropFilter for the webgpu backend; shapes it does not cover go to `stock` (tfjs's kernel). */
export function makeConv2DBackpropFilter(stock: GpuKernel): GpuKernel {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const filterShape = (args.attrs as { filterShape: number[] }).filterShape;
    const info = convGeometry(x.shape, filterShape, args.attrs, false);
    if (!info || x.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const backend = args.backend as WebGpuBackendLike;
    const plan = planGemm(info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, info.batchSize * info.outHeight * info.outWidth);
    const out = backend.runWebGPUProgram(new FilterGradGemmProgram(info, plan), [x, dy], 'float32');
    return plan.splits > 1 ? sumSplits(backend, out, plan.splits, info.filterShape) : out;
  };
}
