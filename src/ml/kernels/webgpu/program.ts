// What our WebGPU kernels share: the slice of tfjs's WebGPU backend they call, the program shape tfjs compiles
// (its preamble declares the bindings `result`, one array per input name, and `uniforms`; our WGSL supplies `main`),
// and the convolution geometry taken from tfjs's own shape logic so padding rules match the forward pass exactly.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type { WebGPUProgram };

/** The part of tfjs's WebGPUBackend our kernels use (the class's own type, without a runtime import). */
export interface WebGpuBackendLike {
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
export type GpuKernel = (args: KernelArgs) => tf.TensorInfo;

/**
 * The fields every one of our programs sets. The dispatch layout names a y dimension only so that tfjs calls our
 * `main()` without a flat index: our shaders find their place from workgroupId and localIndex themselves.
 */
export abstract class WgslProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract outputShape: number[];
  abstract shaderKey: string;
  abstract dispatch: [number, number, number];
  abstract workgroupSize: [number, number, number];
  dispatchLayout = { x: [0], y: [1] };
  abstract getUserCode(): string;
}

/**
 * First statement of every main(): tfjs always binds its uniform buffer, but a pipeline's 'auto' layout keeps only
 * the bindings a shader uses, and our shaders bake their sizes in as constants instead of reading uniforms.
 */
export const KEEP_UNIFORMS_BOUND = '_ = uniforms.NAN;';

/** WGSL module-scope constants from a record, so a shader states its shape once and the compiler folds it. */
export function wgslConstants(values: Record<string, number>): string {
  return Object.entries(values).map(([name, value]) => `const ${name} : i32 = ${value};`).join('\n');
}

/**
 * WGSL statements returning `array`'s four floats at (row, col…col+3) of a row-major matrix `columns` wide: one vec4
 * load when the rows are whole vec4s (`vec4`), else four guarded scalar loads, zero past the row's end.
 */
export function rowVec4Load(array: string, columns: string, row: string, col: string, vec4: boolean): string {
  if (vec4) return `return ${array}[(${row} * ${columns} + ${col}) / 4];`;
  return `var v = vec4<f32>(0.0);
  for (var j = 0; j < 4; j++) {
    if (${col} + j < ${columns}) { v[j] = ${array}[${row} * ${columns} + ${col} + j]; }
  }
  return v;`;
}

/** A stable shader key: the program's name and every constant baked into its WGSL. */
export function shaderKeyOf(name: string, values: Record<string, number | boolean>): string {
  return `trainyard_${name}_${Object.values(values).map((v) => (typeof v === 'boolean' ? Number(v) : v)).join('_')}`;
}

/**
 * The geometry of a 2-D convolution from a gradient kernel's attributes, or undefined when our kernels do not
 * cover it (channels-first data, dilation, an empty tensor), so the caller hands the call to tfjs's kernel.
 */
export function convGeometry(
  xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap | undefined, depthwise: boolean,
): tf.backend_util.Conv2DInfo | undefined {
  const a = (attrs ?? {}) as Record<string, unknown>;
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') return undefined;
  const dilations = (a.dilations as number | [number, number] | undefined) ?? 1;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    a.strides as number | [number, number], dilations,
    a.pad as 'same' | 'valid' | number | tf.backend_util.ExplicitPadding,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, depthwise,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  const sizes = [...info.inShape, ...info.filterShape, info.outHeight, info.outWidth];
  return sizes.every((s) => s > 0) ? info : undefined;
}
