// What one training step costs on the current backend: kernels per step, device milliseconds per step and the
// kernels that take longest, from tf.profile. On WebGPU with the `timestamp-query` feature each kernel's time is read
// from timestamp queries (GPU time); elsewhere tfjs reports wall time per kernel, which is only a rough guide.
import * as tf from '@tensorflow/tfjs';

export interface KernelCost {
  /** Kernel name and input shapes, e.g. `Conv2DBackpropFilter [256,28,28,1] [256,28,28,32]`. */
  name: string;
  /** How many times it ran per step. */
  calls: number;
  msPerStep: number;
}

export interface StepProfile {
  steps: number;
  kernelsPerStep: number;
  /** Sum of every kernel's time per step; null when the backend gave no times. */
  kernelMsPerStep: number | null;
  top: KernelCost[];
}

/** Profiles `run`, which performs `steps` training steps, and reports per-step costs with the `top` costliest kernels. */
export async function profileSteps(run: () => Promise<unknown>, steps: number, top = 8): Promise<StepProfile> {
  const info = await tf.profile(async () => void (await run()));
  const byKey = new Map<string, { calls: number; ms: number }>();
  let total = 0;
  let timed = false;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : Number.NaN;
    if (Number.isFinite(ms)) timed = true;
    const key = `${k.name} ${k.inputShapes.map((s) => JSON.stringify(s ?? [])).join(' ')}`;
    const entry = byKey.get(key) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += Number.isFinite(ms) ? ms : 0;
    total += Number.isFinite(ms) ? ms : 0;
    byKey.set(key, entry);
  }
  const per = Math.max(1, steps);
  return {
    steps: per,
    kernelsPerStep: info.kernels.length / per,
    kernelMsPerStep: timed ? total / per : null,
    top: [...byKey].sort((a, b) => b[1].ms - a[1].ms).slice(0, top).map(([name, v]) => ({ name, calls: v.calls / per, msPerStep: v.ms / per })),
  };
}
