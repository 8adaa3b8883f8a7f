// The GPU bench's settings, from the environment (run.sh passes them through), and the digits it trains on.
import { readFileSync } from 'node:fs';
import type { ImageSet } from '../../src/ml/image-set';

export interface BenchConfig {
  models: string[];
  batches: number[];
  variants: string;
  /** Digits per epoch: a multiple of every batch size, so every batch is full. */
  trainCount: number;
  /** train()'s reportEvery: the loss is read (and the device waited for) every this many batches. */
  reportEvery: number;
  /** Timed windows (of reportEvery batches, after one warm-up window) each configuration gets at least. */
  minWindows: number;
  /** At most this many seconds of timed training per configuration. */
  maxSeconds: number;
  /** Steps run under tf.profile for kernels per step and GPU time per step. */
  profileSteps: number;
  checkSteps: number;
  checkBatch: number;
  /** Batch sizes of the gradient check: one small, one larger (both take the split-K paths: K = batch·outH·outW). */
  gradBatches: number[];
  checkTolerance: number;
  /** Share of the budget the WebGPU side of the check may take, all variants together. */
  checkShare: number;
  /** The whole bench ends within this many seconds (configurations left over are reported as skipped). */
  budgetSeconds: number;
  /** A software adapter (SwiftShader, llvmpipe) is accepted: the local mode. */
  allowSoftware: boolean;
  dawnFlags: string[];
  webgpuModule: string;
  digitsFile: string;
  /** JSON lines go here too (besides stdout) when set. */
  jsonl: string | undefined;
}

const list = (v: string | undefined, d: string): string[] => (v || d).split(',').map((s) => s.trim()).filter(Boolean);
const num = (v: string | undefined, d: number): number => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

/** QUICK=1 (the local SwiftShader mode) shrinks every size so the whole run takes a couple of minutes on a CPU. */
export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env.QUICK === '1';
  const batches = list(env.BATCHES, quick ? '8' : '64,256').map(Number);
  const lcm = batches.reduce((a, b) => (a * b) / gcd(a, b), 1);
  const wanted = num(env.TRAIN_COUNT, quick ? 32 : 8192);
  return {
    models: list(env.MODELS, 'mlp,cnn_model,small-cnn,separable-cnn'),
    batches,
    variants: env.VARIANTS ?? '',
    trainCount: Math.max(lcm, Math.floor(wanted / lcm) * lcm),
    reportEvery: num(env.REPORT_EVERY, quick ? 2 : 10),
    minWindows: num(env.MIN_WINDOWS, quick ? 1 : 2),
    maxSeconds: num(env.SECONDS, quick ? 3 : 20),
    profileSteps: num(env.PROFILE_STEPS, quick ? 1 : 2),
    checkSteps: num(env.CHECK_STEPS, quick ? 3 : 30),
    checkBatch: num(env.CHECK_BATCH, quick ? 2 : 4),
    // (tfjs's plain-JS CPU backend, the reference, needs minutes for one cnn_model step of batch 256)
    gradBatches: list(env.GRAD_BATCHES, quick ? '2,8' : '4,32').map(Number),
    checkTolerance: num(env.CHECK_TOLERANCE, 1e-4),
    checkShare: num(env.CHECK_SHARE, 0.2),
    budgetSeconds: num(env.BUDGET_S, quick ? 150 : 300),
    allowSoftware: env.ALLOW_SOFTWARE === '1',
    dawnFlags: list(env.DAWN_FLAGS, 'disable-dawn-features=timestamp_quantization').filter((f) => f !== 'none'),
    webgpuModule: env.WEBGPU_MODULE ?? 'webgpu/index.js',
    digitsFile: env.DIGITS ?? 'digits.bin',
    jsonl: env.JSONL || undefined,
  };
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/** digits.bin: N×784 pixel bytes (28×28, row-major), then N label bytes; digits interleaved by class. */
export function readDigits(file: string): ImageSet {
  const raw = readFileSync(file);
  const count = Math.floor(raw.length / 785);
  const pixels = new Uint8Array(raw.buffer, raw.byteOffset, count * 784);
  const labels = Uint16Array.from(raw.subarray(count * 784, count * 785));
  return { shape: [28, 28, 1], count, pixels, labels };
}

/** The first `count` digits of a set (wrapping round when it holds fewer). */
export function firstDigits(set: ImageSet, count: number): ImageSet {
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const j = i % set.count;
    pixels.set(set.pixels.subarray(j * 784, (j + 1) * 784), i * 784);
    labels[i] = set.labels[j] as number;
  }
  return { shape: set.shape, count, pixels, labels };
}
