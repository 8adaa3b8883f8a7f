// DepthwiseConv2dNativeBackpropFilter with K split across workgroups and threads:
//   dW[kh, kw, c, q] = Σ_{n, oh, ow} x[n, oh·sh + kh − padTop, ow·sw + kw − padLeft, c] · dy[n, oh, ow, c·mult + q]
// Every (tap, output channel) is its own dot product over K = n·oh·ow, so there is no GEMM to tile; tfjs runs one
// thread per filter element (144 threads for a 3×3×16 filter), each walking all of K. Here each thread owns 4 output
// channels and up to 9 taps, walks a stride of its workgroup's K-slice, the workgroup adds its threads' sums in
// workgroup memory, and a second dispatch adds the slices (split-sum.ts).
import type * as tf from '@tensorflow/tfjs';
import { planDepthwise, type DepthwisePlan } from '../../../core/gpu-tiling';
import { convGeometry, KEEP_UNIFORMS_BOUND, rowVec4Load, shaderKeyOf, wgslConstants, WgslProgram, type GpuKernel, type WebGpuBackendLike } from './program';
import { sumSplits } from './split-sum';

/** How 4 consecutive output channels co…co+3 read x: one vec4, one shared scalar, or 4 gathered scalars. */
type XRead = 'vec4' | 'splat' | 'gather';

class DepthwiseFilterGradProgram extends WgslProgram {
  variableNames = ['x', 'dy'];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly constants: Record<string, number>;
  private readonly xRead: XRead;
  private readonly dyVec4: boolean;

  constructor(info: tf.backend_util.Conv2DInfo, plan: DepthwisePlan) {
    super();
    const taps = info.filterHeight * info.filterWidth;
    const co = info.outChannels;
    const mult = co / info.inChannels;
    this.xRead = mult === 1 && info.inChannels % 4 === 0 ? 'vec4' : mult % 4 === 0 ? 'splat' : 'gather';
    this.dyVec4 = co % 4 === 0;
    this.variableComponents = [this.xRead === 'vec4' ? 4 : 1, this.dyVec4 ? 4 : 1];
    this.outputShape = plan.splits > 1 ? [plan.splits, taps * co] : info.filterShape;
    this.dispatch = [plan.channelGroups * plan.tapGroups, plan.splits, 1];
    this.workgroupSize = [plan.threads, 1, 1];
    this.constants = {
      CO: co, C: info.inChannels, MULT: mult, K: info.batchSize * info.outHeight * info.outWidth, ALL_TAPS: taps,
      TAPS: plan.taps, CL: plan.channelLanes, KL: plan.kLanes, THREADS: plan.threads, CHANNEL_GROUPS: plan.channelGroups,
      K_PER_SPLIT: plan.kPerSplit, IN_H: info.inHeight, IN_W: info.inWidth, OUT_H: info.outHeight, OUT_W: info.outWidth,
      FW: info.filterWidth, SH: info.strideHeight, SW: info.strideWidth, PAD_T: info.padInfo.top, PAD_L: info.padInfo.left,
    };
    this.shaderKey = shaderKeyOf(`depthwiseFilterGrad_${this.xRead}`, { ...this.constants, dyVec4: this.dyVec4 });
  }

  private xSnippet(): string {
    if (this.xRead === 'vec4') return 'return x[(pixel * C + co) / 4];';
    if (this.xRead === 'splat') return 'return vec4<f32>(x[pixel * C + co / MULT]);';
    return `var v = vec4<f32>(0.0);
  for (var c = 0; c < 4; c++) {
    if (co + c < CO) { v[c] = x[pixel * C + (co + c) / MULT]; }
  }
  return v;`;
  }

  getUserCode(): string {
    return `
${wgslConstants(this.constants)}
var<workgroup> lanes : array<vec4<f32>, THREADS>;

// x at input pixel (n, ih, iw) for the input channels feeding output channels co…co+3.
fn loadX(pixel : i32, co : i32) -> vec4<f32> {
  ${this.xSnippet()}
}

fn loadDy(k : i32, co : i32) -> vec4<f32> {
  ${rowVec4Load('dy', 'CO', 'k', 'co', this.dyVec4)}
}

fn main() {
  ${KEEP_UNIFORMS_BOUND}
  let li = i32(localIndex);
  let cl = li % CL;
  let kl = li / CL;
  let group = i32(workgroupId.x);
  let split = i32(workgroupId.y);
  let co = ((group % CHANNEL_GROUPS) * CL + cl) * 4;
  let tap0 = (group / CHANNEL_GROUPS) * TAPS;
  let kEnd = min((split + 1) * K_PER_SPLIT, K);
  var acc : array<vec4<f32>, TAPS>;
  if (co < CO) {
    for (var k = split * K_PER_SPLIT + kl; k < kEnd; k += KL) {
      let n = k / (OUT_H * OUT_W);
      let p = k - n * (OUT_H * OUT_W);
      let oh = p / OUT_W;
      let ow = p - oh * OUT_W;
      let g = loadDy(k, co);
      for (var t = 0; t < TAPS; t++) {
        let tap = tap0 + t;
        let kh = tap / FW;
        let ih = oh * SH + kh - PAD_T;
        let iw = ow * SW + (tap - kh * FW) - PAD_L;
        if (tap < ALL_TAPS && ih >= 0 && ih < IN_H && iw >= 0 && iw < IN_W) {
          acc[t] = fma(loadX((n * IN_H + ih) * IN_W + iw, co), g, acc[t]);
        }
      }
    }
  }
  // Add the KL threads' sums for each tap (a tree in workgroup memory), then one write per tap and channel.
  for (var t = 0; t < TAPS; t++) {
    lanes[li] = acc[t];
    workgroupBarrier();
    for (var half = KL / 2; half > 0; half /= 2) {
      if (kl < half) {
        lanes[li] += lanes[li + half * CL];
      }
      workgroupBarrier();
    }
    let tap = tap0 + t;
    if (kl == 0 && co < CO && tap < ALL_TAPS) {
      let v = lanes[li];
      for (var c = 0; c < 4; c++) {
        if (co + c < CO) {
          result[(split * ALL_TAPS + tap) * CO + co + c] = v[c];
        }
      }
    }
  }
}
`;
  }
}

/** Our DepthwiseConv2dNativeBackpropFilter for webgpu; shapes it does not cover go to `stock` (tfjs's kernel). */
export function makeDepthwiseBackpropFilter(stock: GpuKernel): GpuKernel {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const filterShape = (args.attrs as { filterShape: number[] }).filterShape;
    const info = convGeometry(x.shape, filterShape, args.attrs, true);
    if (!info || x.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const backend = args.backend as WebGpuBackendLike;
    const plan = planDepthwise(info.filterHeight * info.filterWidth, info.outChannels, info.batchSize * info.outHeight * info.outWidth);
    const out = backend.runWebGPUProgram(new DepthwiseFilterGradProgram(info, plan), [x, dy], 'float32');
    return plan.splits > 1 ? sumSplits(backend, out, plan.splits, info.filterShape) : out;
  };
}
