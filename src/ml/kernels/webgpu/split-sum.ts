// The second pass of a split-K reduction: out[o] = Σ_s partial[s, o]. WGSL has no float atomics, so slices of K
// write partial sums and this small dispatch adds them, in a fixed order (results do not vary from run to run).
import type * as tf from '@tensorflow/tfjs';
import { gridOf, MAX_INVOCATIONS, planSplitSum } from '../../../core/gpu-tiling';
import { KEEP_UNIFORMS_BOUND, shaderKeyOf, wgslConstants, WgslProgram, type WebGpuBackendLike } from './program';

class SplitSumProgram extends WgslProgram {
  variableNames = ['partials'];
  outputShape: number[];
  shaderKey: string;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [MAX_INVOCATIONS, 1, 1];
  private readonly constants: Record<string, number>;

  constructor(splits: number, outShape: number[]) {
    super();
    const length = outShape.reduce((a, b) => a * b, 1);
    const plan = planSplitSum(splits, length);
    this.outputShape = outShape;
    this.dispatch = gridOf(plan.workgroups);
    this.constants = { SPLITS: splits, LENGTH: length, OUT_LANES: plan.outLanes, SPLIT_LANES: plan.splitLanes, GRID_X: this.dispatch[0] };
    this.shaderKey = shaderKeyOf('splitSum', this.constants);
  }

  getUserCode(): string {
    return `
${wgslConstants(this.constants)}
var<workgroup> lanes : array<f32, ${MAX_INVOCATIONS}>;

fn main() {
  ${KEEP_UNIFORMS_BOUND}
  let li = i32(localIndex);
  let outLane = li % OUT_LANES;
  let splitLane = li / OUT_LANES;
  let o = (i32(workgroupId.y) * GRID_X + i32(workgroupId.x)) * OUT_LANES + outLane;
  var sum = 0.0;
  if (o < LENGTH) {
    for (var s = splitLane; s < SPLITS; s += SPLIT_LANES) {
      sum += partials[s * LENGTH + o];
    }
  }
  lanes[li] = sum;
  workgroupBarrier();
  for (var half = SPLIT_LANES / 2; half > 0; half /= 2) {
    if (splitLane < half) {
      lanes[li] += lanes[li + half * OUT_LANES];
    }
    workgroupBarrier();
  }
  if (splitLane == 0 && o < LENGTH) {
    result[o] = lanes[li];
  }
}
`;
  }
}

/** Adds a [splits, …outShape] partial-sum tensor over its first axis into a new tensor of outShape, and frees it. */
export function sumSplits(backend: WebGpuBackendLike, partial: tf.TensorInfo, splits: number, outShape: number[]): tf.TensorInfo {
  const out = backend.runWebGPUProgram(new SplitSumProgram(splits, outShape), [partial], 'float32');
  backend.disposeData(partial.dataId);
  return out;
}
