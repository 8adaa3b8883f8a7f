// The JSON lines the GPU bench writes (webgpu.jsonl), one `kind` each; torch_bench.py writes torch.jsonl in the
// same spirit ({"kind": "train", "impl": "pytorch", "mode": "cuda-fp32" | "cpu", ...}).
import type { KernelCost } from '../../src/ml/step-profile';
import type { AdapterReport } from './dawn';

export interface TrainRecord {
  kind: 'train';
  impl: 'trainyard-train';
  model: string;
  batch: number;
  variant: string;
  params?: number;
  /** Steady state: every window after the first (warm-up) one, epoch ends included. */
  samplesPerSec?: number;
  steps?: number;
  seconds?: number;
  stepMs?: number;
  /** Wall time per step minus the time spent waiting in reads: what the host does per step. */
  hostMsPerStep?: number;
  readWaitMsPerStep?: number;
  /** From tf.profile: timestamp queries on WebGPU (null when the device has none). */
  gpuMsPerStep?: number | null;
  kernelsPerStep?: number;
  topKernels?: KernelCost[];
  lossFirst?: number;
  lossLast?: number;
  /** True when no window after the warm-up finished in time: the rate includes shader compilation. */
  warmupOnly?: boolean;
  tensorsLeaked?: number;
  error?: string;
  skipped?: string;
}

export interface CheckRecord {
  kind: 'check';
  variant: string;
  model: string;
  against: string;
  batch: number;
  plannedSteps: number;
  /** Fewer than planned when the time budget cut the WebGPU side short; stepsCompared is less when it cut the CPU side. */
  steps: number;
  stepsCompared: number;
  maxAbsLossDiff: number | null;
  maxRelLossDiff: number | null;
  /** 0 when both sides started from the same weights, as they should (seeded initialisation, drawn on the CPU). */
  initialWeightsMaxAbsDiff: number | null;
  finalWeightsMaxAbsDiff: number | null;
  weightsMaxAbsMoved: number | null;
  tolerance: number;
  /** The first step (from 0) whose loss differs by more than the tolerance; null when none does. */
  firstStepBeyondTolerance: number | null;
  driftFreeSteps: number;
  driftTolerance: number;
  /** ok: every step within the tolerance; drifted: the first driftFreeSteps within it, the rest within driftTolerance. */
  verdict: 'ok' | 'drifted' | 'failed';
  ok: boolean;
  losses: number[];
  refLosses: number[];
  error?: string;
  note?: string;
}

export interface GradientCheckRecord {
  kind: 'gradcheck';
  variant: string;
  model: string;
  against: string;
  batch: number;
  /** |loss − CPU loss| / |CPU loss|. */
  lossRelDiff: number | null;
  /** The largest of perWeight. */
  maxRelGradDiff: number | null;
  /** Per trainable weight: its gradient's largest difference from the CPU's, over the CPU gradient's largest magnitude. */
  perWeight: number[];
  tolerance: number;
  ok: boolean;
  error?: string;
}

export type BenchRecord =
  | { kind: 'env'; node: string; cpus: number; cpuModel: string; tfjs: string; config: object }
  | ({ kind: 'adapter'; ok: boolean; reason?: string; dawnFlags: string[]; env: Record<string, string> } & Partial<AdapterReport>)
  | { kind: 'backend'; ok: boolean; backend?: string; timestampQuery?: boolean; flags?: Record<string, unknown>; error?: string }
  | TrainRecord
  | CheckRecord
  | GradientCheckRecord
  | { kind: 'done'; seconds: number; tensors: number }
  | { kind: 'fatal' | 'abort'; error: string; during?: string };
