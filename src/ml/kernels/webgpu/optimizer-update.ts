// One WebGPU dispatch per variable for a whole optimizer step: the variable and its slots (Adam's moments,
// momentum's accumulator, RMSProp's mean square and moment) are updated in place, in the order and with the
// operations of tfjs 4.22's optimizers (tfjs-core/dist/optimizers/*.js), so the results match within float
// rounding. tfjs's own step is about a dozen ops per variable, most of them with a scalar uploaded from the host.
import type * as tf from '@tensorflow/tfjs';
import { dispatchInPlace, FLAT_INDEX, ownForWriting, pipelineFor, uniformStruct, type WebGpuInternals } from './backend-internals';

export type UpdateRule = 'adam' | 'momentum' | 'nesterov' | 'rmsprop' | 'rmsprop-centered';

interface RuleShader {
  /** Names of the written buffers after the variable `w` (bindings 1…). */
  slots: readonly string[];
  constants: readonly string[];
  /** WGSL body of `update(i)`, with `gi` the gradient. */
  body: string;
}

// Each line mirrors one tfjs op (add(mul(a, b), c) → a * b + c), in tfjs's order.
const RULES: Record<UpdateRule, RuleShader> = {
  adam: {
    slots: ['m', 'v'],
    constants: ['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'oneMinusAccBeta1', 'oneMinusAccBeta2', 'epsilon', 'negLearningRate'],
    body: `
  let mi = m[i] * uniforms.beta1 + gi * uniforms.oneMinusBeta1;
  let vi = v[i] * uniforms.beta2 + (gi * gi) * uniforms.oneMinusBeta2;
  m[i] = mi;
  v[i] = vi;
  let mHat = mi / uniforms.oneMinusAccBeta1;
  let vHat = vi / uniforms.oneMinusAccBeta2;
  w[i] = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negLearningRate + w[i];`,
  },
  momentum: {
    slots: ['acc'],
    constants: ['momentum', 'negLearningRate'],
    body: `
  let a = uniforms.momentum * acc[i] + gi;
  acc[i] = a;
  w[i] = uniforms.negLearningRate * a + w[i];`,
  },
  nesterov: {
    slots: ['acc'],
    constants: ['momentum', 'negLearningRate'],
    body: `
  let a = uniforms.momentum * acc[i] + gi;
  acc[i] = a;
  w[i] = uniforms.negLearningRate * (gi + a * uniforms.momentum) + w[i];`,
  },
  rmsprop: {
    slots: ['ms', 'mom'],
    constants: ['decay', 'oneMinusDecay', 'momentum', 'learningRate', 'epsilon'],
    body: `
  let s = ms[i] * uniforms.decay + (gi * gi) * uniforms.oneMinusDecay;
  let p = mom[i] * uniforms.momentum + (gi * uniforms.learningRate) / sqrt(s + uniforms.epsilon);
  ms[i] = s;
  mom[i] = p;
  w[i] = w[i] - p;`,
  },
  'rmsprop-centered': {
    slots: ['ms', 'mom', 'mg'],
    constants: ['decay', 'oneMinusDecay', 'momentum', 'learningRate', 'epsilon'],
    body: `
  let s = ms[i] * uniforms.decay + (gi * gi) * uniforms.oneMinusDecay;
  let c = mg[i] * uniforms.decay + gi * uniforms.oneMinusDecay;
  let p = mom[i] * uniforms.momentum + (gi * uniforms.learningRate) / sqrt(s - (c * c + uniforms.epsilon));
  ms[i] = s;
  mg[i] = c;
  mom[i] = p;
  w[i] = w[i] - p;`,
  },
};

function shaderOf(rule: RuleShader): string {
  const written = ['w', ...rule.slots];
  return [
    ...written.map((name, b) => `@group(0) @binding(${b}) var<storage, read_write> ${name}: array<f32>;`),
    `@group(0) @binding(${written.length}) var<storage, read> g: array<f32>;`,
    uniformStruct(written.length + 1, rule.constants),
    `@group(0) @binding(${written.length + 1}) var<uniform> uniforms: Uniforms;`,
    `fn update(i: i32) {\n  let gi = g[i];${rule.body}\n}`,
    FLAT_INDEX,
  ].join('\n');
}

class OptimizerUpdate {}

/** The constants each rule's shader reads, in its declared order. */
export function ruleConstants(rule: UpdateRule): readonly string[] {
  return RULES[rule].constants;
}

/**
 * Updates `variable` and `slots` (in the rule's slot order) from `gradient`, in place, as one dispatch queued after
 * everything tfjs has queued so far. `constants` are the rule's constants (see `ruleConstants`), as float32.
 */
export function updateInPlace(
  backend: WebGpuInternals, rule: UpdateRule, variable: tf.Variable, slots: readonly tf.Variable[], gradient: tf.Tensor,
  constants: readonly number[],
): void {
  const shader = RULES[rule];
  if (slots.length !== shader.slots.length) throw new Error(`${rule} keeps ${shader.slots.length} slots per variable, got ${slots.length}`);
  if (constants.length !== shader.constants.length) throw new Error(`${rule} takes ${shader.constants.length} constants, got ${constants.length}`);
  for (const t of [variable, ...slots, gradient]) {
    if (t.dtype !== 'float32') throw new Error(`the fused optimizer updates float32 tensors, got ${t.dtype}`);
    if (t.size !== variable.size) throw new Error(`shape ${t.shape} does not match the variable's ${variable.shape}`);
  }
  const written = [variable, ...slots].map((t) => ownForWriting(backend, t));
  const pipeline = pipelineFor(backend, `optimizer-update-${rule}`, () => shaderOf(shader));
  dispatchInPlace(backend, OptimizerUpdate, pipeline, written, [gradient], variable.size, constants);
}
