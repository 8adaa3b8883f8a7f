// The few internals of tfjs 4.22's WebGPU backend that our own in-place kernels need, typed in one place, and the
// one way we encode a dispatch that writes its inputs: through the backend's own recordAndSubmit, so it lands in
// tfjs's open compute pass after every op already queued (a compute pass runs its dispatches in order, with
// storage writes visible to the next dispatch), it is profiled like any tfjs kernel, and the buffers it touches
// are marked as owned by the pending command buffer (tfjs then defers their reuse until the next submit).
import * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

interface TensorData {
  values: unknown;
  resource?: unknown;
  refCount: number;
  dtype: tf.DataType;
}

type Uniform = { type: string; data: number[] };

/** What recordAndSubmit reads from a program: a ready pipeline, the dispatch and the output size. */
export interface RecordedProgram {
  pipeline: GPUComputePipeline;
  dispatch: [number, number, number];
  outputShape: number[];
  size: boolean;
}

export interface WebGpuInternals {
  device: GPUDevice;
  tensorMap: { get(dataId: tf.DataId): TensorData };
  uploadToGPU(dataId: tf.DataId): void;
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: Uniform[], output?: tf.TensorInfo): tf.TensorInfo;
  recordAndSubmit(program: RecordedProgram, output: tf.TensorInfo, inputs: tf.TensorInfo[], uniforms?: Uniform[]): void;
}

/** The WebGPU backend when it is the active one, else undefined. */
export function activeWebGpu(): WebGpuInternals | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as WebGpuInternals) : undefined;
}

const WORKGROUP = 64;
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** One compute pipeline per device and shader, compiled on first use. */
export function pipelineFor(backend: WebGpuInternals, key: string, code: () => string): GPUComputePipeline {
  let byKey = pipelines.get(backend.device);
  if (!byKey) pipelines.set(backend.device, (byKey = new Map()));
  let pipeline = byKey.get(key);
  if (!pipeline) {
    const module = backend.device.createShaderModule({ code: code(), label: key });
    pipeline = backend.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
    byKey.set(key, pipeline);
  }
  return pipeline;
}

/**
 * The uniform struct recordAndSubmit fills for `tensors` bound rank-1 tensors: NaN, Infinity, (shape, stride) per tensor in
 * binding order after the first (inputs, then the output, which is binding 0), the element count, then our
 * constants. Every field is 4 bytes, so tfjs's packing (makeUniforms) and WGSL's layout agree.
 */
export function uniformStruct(tensors: number, constants: readonly string[]): string {
  const fields = ['NAN: f32', 'INFINITY: f32'];
  for (let i = 0; i < tensors; i++) fields.push(`shape${i}: i32`, `stride${i}: i32`);
  fields.push('size: i32', ...constants.map((c) => `${c}: f32`));
  return `struct Uniforms { ${fields.join(', ')} };`;
}

/** The flat element index in a kernel dispatched by `dispatchInPlace` (workgroups may be laid out in 2-D). */
export const FLAT_INDEX = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = i32(id.y * groups.x * ${WORKGROUP}u + id.x);
  if (i >= uniforms.size) { return; }
  update(i);
}`;

/** Elements per workgroup, for kernels that lay out their own dispatch. */
export const WORKGROUP_SIZE = WORKGROUP;

/**
 * Makes a tensor safe to write in place: on the GPU, no stale copy cached on the CPU (a read caches one), and its
 * buffer shared with no other tensor (a clone or reshape of a variable shares its data id). Returns the tensor whose
 * data to write: the same one, or for a variable whose data was shared, the variable after it took a private copy.
 */
export function ownForWriting(backend: WebGpuInternals, tensor: tf.Tensor): tf.Tensor {
  if (backend.tensorMap.get(tensor.dataId).refCount > 1) {
    if (!(tensor instanceof tf.Variable)) throw new Error('a tensor written in place must not share its data');
    const copy = tf.tidy(() => tf.add(tensor, 0));
    tensor.assign(copy);
    copy.dispose();
  }
  backend.uploadToGPU(tensor.dataId);
  backend.tensorMap.get(tensor.dataId).values = null;
  return tensor;
}

/**
 * Encodes one dispatch of `pipeline` over `elements` items: `written` are bound read_write (bindings 0…), `read`
 * read-only after them, then the uniforms (`uniformStruct`). Every tensor is viewed as rank 1.
 */
export function dispatchInPlace(
  backend: WebGpuInternals, program: new () => object, pipeline: GPUComputePipeline,
  written: readonly tf.Tensor[], read: readonly tf.Tensor[], elements: number, constants: readonly number[],
): void {
  for (const t of read) backend.uploadToGPU(t.dataId);
  const flat = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: [t.size], dtype: t.dtype });
  const [output, ...writtenInputs] = written.map(flat);
  if (!output) throw new Error('an in-place kernel writes at least one tensor');
  const groups = Math.max(1, Math.ceil(elements / WORKGROUP));
  const limit = backend.device.limits.maxComputeWorkgroupsPerDimension;
  const x = Math.min(groups, limit);
  // recordAndSubmit names the kernel in profiles after the program's class.
  const recorded = Object.assign(new program(), {
    pipeline, dispatch: [x, Math.ceil(groups / x), 1] as [number, number, number], outputShape: [elements], size: true,
  });
  backend.recordAndSubmit(recorded, output, [...writtenInputs, ...read.map(flat)], constants.map((c) => ({ type: 'float32', data: [c] })));
}
