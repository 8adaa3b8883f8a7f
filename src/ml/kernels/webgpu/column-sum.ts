// Sum over every axis but the last, the bias gradient of a convolution or dense layer (dy of [n, h, w, c] summed to
// [c]). tfjs transposes the whole tensor to [c, n·h·w] and then reduces it with one workgroup per channel: 32
// workgroups for cnn_model's first bias gradient, reading 25.7 MB at batch 256. Here the rows are split across
// workgroups as in the depthwise filter gradient (4 columns per thread, a workgroup tree sum, then split-sum.ts),
// reading the tensor once, in place. Every other Sum goes to tfjs's kernel.
import * as tf from '@tensorflow/tfjs';
import { planColumnSum, type DepthwisePlan } from '../../../core/gpu-tiling';
import { KEEP_UNIFORMS_BOUND, rowVec4Load, shaderKeyOf, wgslConstants, WgslProgram, type GpuKernel, type WebGpuBackendLike } from './program';
import { sumSplits } from './split-sum';

/** Below this many rows tfjs's one-workgroup-per-column reduction is already short. */
const MIN_ROWS = 256;

class ColumnSumProgram extends WgslProgram {
  variableNames = ['x'];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly constants: Record<string, number>;
  private readonly vec4: boolean;

  constructor(rows: number, columns: number, plan: DepthwisePlan, outShape: number[]) {
    super();
    this.vec4 = columns % 4 === 0;
    this.variableComponents = [this.vec4 ? 4 : 1];
    this.outputShape = plan.splits > 1 ? [plan.splits, columns] : outShape;
    this.dispatch = [plan.channelGroups, plan.splits, 1];
    this.workgroupSize = [plan.threads, 1, 1];
    this.constants = { ROWS: rows, COLUMNS: columns, CL: plan.channelLanes, KL: plan.kLanes, THREADS: plan.threads, ROWS_PER_SPLIT: plan.kPerSplit };
    this.shaderKey = shaderKeyOf('columnSum', { ...this.constants, vec4: this.vec4 });
  }

  getUserCode(): string {
    return `
${wgslConstants(this.constants)}
var<workgroup> lanes : array<vec4<f32>, THREADS>;

fn load(r : i32, c : i32) -> vec4<f32> {
  ${rowVec4Load('x', 'COLUMNS', 'r', 'c', this.vec4)}
}

fn main() {
  ${KEEP_UNIFORMS_BOUND}
  let li = i32(localIndex);
  let cl = li % CL;
  let kl = li / CL;
  let c = (i32(workgroupId.x) * CL + cl) * 4;
  let split = i32(workgroupId.y);
  let rEnd = min((split + 1) * ROWS_PER_SPLIT, ROWS);
  var acc = vec4<f32>(0.0);
  if (c < COLUMNS) {
    for (var r = split * ROWS_PER_SPLIT + kl; r < rEnd; r += KL) {
      acc += load(r, c);
    }
  }
  lanes[li] = acc;
  workgroupBarrier();
  for (var half = KL / 2; half > 0; half /= 2) {
    if (kl < half) {
      lanes[li] += lanes[li + half * CL];
    }
    workgroupBarrier();
  }
  if (kl == 0 && c < COLUMNS) {
    let v = lanes[li];
    for (var j = 0; j < 4; j++) {
      if (c + j < COLUMNS) {
        result[split * COLUMNS + c + j] = v[j];
      }
    }
  }
}
`;
  }
}

/** Our Sum for webgpu: float32 sums over all leading axes of a tall tensor; the rest go to `stock` (tfjs's kernel). */
export function makeSum(stock: GpuKernel): GpuKernel {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { axis, keepDims } = (args.attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis as number | number[], x.shape).sort((a, b) => a - b); // null: every axis
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
    const columns = x.shape[rank - 1] as number;
    const rows = tf.util.sizeFromShape(x.shape) / Math.max(1, columns);
    if (!leading || x.dtype !== 'float32' || rows < MIN_ROWS || columns < 1) return stock(args);
    const backend = args.backend as WebGpuBackendLike;
    const outShape = keepDims ? [...Array<number>(rank - 1).fill(1), columns] : [columns];
    const plan = planColumnSum(columns, rows);
    const out = backend.runWebGPUProgram(new ColumnSumProgram(rows, columns, plan, outShape), [x], 'float32');
    return plan.splits > 1 ? sumSplits(backend, out, plan.splits, outShape) : out;
  };
}
