// tfjs's Adam, momentum and RMSProp optimizers with the step fused into one WebGPU dispatch per variable
// (kernels/webgpu/optimizer-update.ts) while WebGPU is the active backend; on any other backend, tfjs's own step
// runs unchanged. They are subclasses, so the state they keep is tfjs's own (the same slot variables, names and
// order): getWeights/setWeights, checkpoints (optimizer-state.ts) and setLearningRate work as before, and a state
// saved by one kind restores into the other.
import * as tf from '@tensorflow/tfjs';
import { activeWebGpu, type WebGpuInternals } from './kernels/webgpu/backend-internals';
import { updateInPlace, type UpdateRule } from './kernels/webgpu/optimizer-update';

type Slot = { originalName: string; variable: tf.Variable };
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type NamedWeights = Parameters<tf.Optimizer['setWeights']>[0];

/** The variable and gradient per name, in tfjs's order; a missing gradient is skipped, as tfjs does. */
function pairs(gradients: Gradients): { name: string; value: tf.Variable; gradient: tf.Tensor | undefined }[] {
  const list = Array.isArray(gradients)
    ? gradients.map((g) => ({ name: g.name, gradient: g.tensor as tf.Tensor | undefined }))
    : Object.entries(gradients).map(([name, gradient]) => ({ name, gradient: gradient as tf.Tensor | undefined }));
  return list.map((p) => {
    const value = tf.engine().registeredVariables[p.name];
    if (!value) throw new Error(`no variable named ${p.name}`);
    return { ...p, value };
  });
}

/** tfjs's lazily created zero slot for a variable, with tfjs's name. */
function slotFor(slots: (Slot | undefined)[], i: number, value: tf.Variable, suffix: string): tf.Variable {
  const existing = slots[i];
  if (existing) return existing.variable;
  const variable = tf.tidy(() => tf.zerosLike(value).variable(false));
  slots[i] = { originalName: `${value.name}/${suffix}`, variable };
  return variable;
}

const f32 = Math.fround;

/** The WebGPU backend when this optimizer should fuse its step, else undefined (tfjs's own step runs). */
function fusedBackend(): WebGpuInternals | undefined {
  return activeWebGpu();
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** beta1^t and beta2^t as tfjs's float32 accBeta variables hold them (multiplied in float32 each step). */
  private accBeta = [0, 0];
  /** The fused step leaves tfjs's accBeta variables behind; they are written before tfjs's own step reads them. */
  private accBetaStale = false;

  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
    this.accBeta = [f32(beta1), f32(beta2)];
  }

  override applyGradients(gradients: Gradients): void {
    const state = this as unknown as { accumulatedFirstMoment: (Slot | undefined)[]; accumulatedSecondMoment: (Slot | undefined)[]; accBeta1: tf.Variable; accBeta2: tf.Variable };
    const backend = fusedBackend();
    if (!backend) {
      if (this.accBetaStale) tf.tidy(() => [state.accBeta1.assign(tf.scalar(this.accBeta[0] as number)), state.accBeta2.assign(tf.scalar(this.accBeta[1] as number))]);
      this.accBetaStale = false;
      super.applyGradients(gradients);
    } else {
      const [acc1, acc2] = this.accBeta as [number, number];
      const constants = [this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2, 1 - acc1, 1 - acc2, this.epsilon, -this.learningRate];
      pairs(gradients).forEach(({ value, gradient }, i) => {
        const m = slotFor(state.accumulatedFirstMoment, i, value, 'm');
        const v = slotFor(state.accumulatedSecondMoment, i, value, 'v');
        if (gradient) updateInPlace(backend, 'adam', value, [m, v], gradient, constants);
      });
      this.accBetaStale = true;
      this.incrementIterations();
    }
    this.accBeta = [f32(this.accBeta[0]! * f32(this.beta1)), f32(this.accBeta[1]! * f32(this.beta2))];
  }

  override async setWeights(weights: NamedWeights): Promise<void> {
    await super.setWeights(weights);
    // tfjs sets accBeta to beta^(iterations + 1) here, with the backend's pow: take its values, not ours.
    const state = this as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    const [acc1, acc2] = await Promise.all([state.accBeta1.data(), state.accBeta2.data()]);
    this.accBeta = [acc1[0] as number, acc2[0] as number];
    this.accBetaStale = false;
  }
}

export class FusedMomentumOptimizer extends tf.MomentumOptimizer {
  constructor(learningRate: number, private readonly momentumValue: number, private readonly nesterov = false) {
    super(learningRate, momentumValue, nesterov);
  }

  override applyGradients(gradients: Gradients): void {
    const backend = fusedBackend();
    if (!backend) return super.applyGradients(gradients);
    const state = this as unknown as { accumulations: (Slot | undefined)[] };
    const rule: UpdateRule = this.nesterov ? 'nesterov' : 'momentum';
    // tfjs multiplies by the momentum it was built with (setMomentum does not reach its step).
    const constants = [this.momentumValue, -this.learningRate];
    pairs(gradients).forEach(({ value, gradient }, i) => {
      const acc = slotFor(state.accumulations, i, value, 'momentum');
      if (gradient) updateInPlace(backend, rule, value, [acc], gradient, constants);
    });
    this.incrementIterations();
  }
}

export class FusedRMSPropOptimizer extends tf.RMSPropOptimizer {
  override applyGradients(gradients: Gradients): void {
    const backend = fusedBackend();
    if (!backend) return super.applyGradients(gradients);
    const state = this as unknown as {
      accumulatedMeanSquares: (Slot | undefined)[]; accumulatedMoments: (Slot | undefined)[]; accumulatedMeanGrads: (Slot | undefined)[];
      centered: boolean;
    };
    const constants = [this.decay, 1 - this.decay, this.momentum, this.learningRate, this.epsilon];
    pairs(gradients).forEach(({ value, gradient }, i) => {
      const ms = slotFor(state.accumulatedMeanSquares, i, value, 'rms');
      const mom = slotFor(state.accumulatedMoments, i, value, 'momentum');
      const mg = state.centered ? [slotFor(state.accumulatedMeanGrads, i, value, 'mg')] : [];
      if (gradient) updateInPlace(backend, state.centered ? 'rmsprop-centered' : 'rmsprop', value, [ms, mom, ...mg], gradient, constants);
    });
    this.incrementIterations();
  }
}
