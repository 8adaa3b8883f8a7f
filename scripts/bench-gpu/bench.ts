// The GPU bench's program (bundled into bench.mjs with tfjs and the app's training code; run.sh starts it):
//   node bench.mjs [bench]      WebGPU through Dawn: every model × batch × variant, then the correctness check
//   node bench.mjs probe        only find and describe the adapter (exit 0: usable, 3: none)
//   node bench.mjs summary DIR  the table from DIR/webgpu.jsonl and DIR/torch.jsonl
//   node bench.mjs drift        no GPU: how far the check's CPU trajectory drifts from itself when disturbed
// One JSON line per measurement on stdout (and in $JSONL); progress on stderr. Settings: config.ts.
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compareGradients, compareRuns, gradientsAt, PERTURBATION, runCheck, type CheckRun, type CheckSize, type GradientRun, type SavedWeights } from './check';
import { readConfig, readDigits, type BenchConfig } from './config';
import { openDawn, registerWebGpuBackend } from './dawn';
import type { BenchRecord } from './records';
import { formatSummary, parseJsonLines, summarize } from './summary';
import { measureThroughput } from './throughput';
import { makeOptimizer } from '../../src/ml/train';
import { pickVariants, type Variant } from './variants';

const T0 = performance.now();
const seconds = () => Math.round(performance.now() - T0) / 1000;
const log = (...a: unknown[]) => console.error(`[bench ${seconds().toFixed(1)}s]`, ...a);
const message = (e: unknown) => String(e instanceof Error ? (e.stack ?? e.message) : e).slice(0, 800);
let phase = 'start';

function emitter(config: BenchConfig) {
  return (r: BenchRecord) => {
    const line = JSON.stringify({ ...r, t: seconds() });
    console.log(line);
    if (config.jsonl) appendFileSync(config.jsonl, line + '\n');
  };
}

interface ReferenceJob { role: 'reference'; digitsFile: string; size: CheckSize; gradBatches: number[] }

type ReferenceMessage =
  | { type: 'grads'; run: GradientRun }
  | { type: 'initial'; weights: SavedWeights[] }
  | { type: 'loss'; loss: number }
  | { type: 'run'; run: CheckRun }
  | { type: 'done' };

interface Reference {
  /** What the CPU side has done so far: its losses grow step by step; `final` is set when it finished. */
  run: CheckRun;
  grads: Map<number, GradientRun>;
  done: Promise<void>;
  error?: string;
  stop(): void;
}

/** The CPU side of the check, in a worker thread with its own tfjs on the plain-JS CPU backend. */
function startReference(config: BenchConfig, size: CheckSize): Reference {
  const job: ReferenceJob = { role: 'reference', digitsFile: config.digitsFile, size, gradBatches: config.gradBatches };
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  const ref: Reference = { run: { losses: [] }, grads: new Map(), done: Promise.resolve(), stop: () => void worker.terminate() };
  ref.done = new Promise<void>((resolve) => {
    worker.on('message', (m: ReferenceMessage) => {
      if (m.type === 'grads') ref.grads.set(m.run.batch, m.run);
      else if (m.type === 'initial') ref.run.initial = m.weights;
      else if (m.type === 'loss') ref.run.losses.push(m.loss);
      else if (m.type === 'run') ref.run = m.run;
      else resolve();
      if (m.type !== 'loss' && m.type !== 'initial') log(`CPU reference: ${m.type}${m.type === 'grads' ? ` at batch ${m.run.batch}` : ''} done`);
    });
    worker.once('error', (e) => {
      ref.error = message(e);
      resolve();
    });
    worker.once('exit', () => resolve());
  });
  return ref;
}

async function bench(config: BenchConfig, probeOnly: boolean): Promise<number> {
  const emit = emitter(config);
  const env: Record<string, string> = {};
  for (const k of ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'LD_LIBRARY_PATH', '__EGL_VENDOR_LIBRARY_FILENAMES']) if (process.env[k]) env[k] = process.env[k] as string;
  if (!probeOnly) emit({ kind: 'env', node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', tfjs: tf.version_core, config });
  phase = 'dawn';
  const dawn = await openDawn(config.webgpuModule, config.dawnFlags).catch((e: unknown) => message(e));
  if (typeof dawn === 'string') {
    emit({ kind: 'adapter', ok: false, reason: `Dawn failed to load: ${dawn}`, dawnFlags: config.dawnFlags, env });
    return 3;
  }
  if (!dawn.adapter) {
    emit({ kind: 'adapter', ok: false, reason: 'Dawn found no adapter', dawnFlags: config.dawnFlags, env, adapters: dawn.adapters });
    return 3;
  }
  const usable = config.allowSoftware || !dawn.report.software;
  emit({ kind: 'adapter', ok: usable, ...(usable ? {} : { reason: 'a software adapter (a CPU), not a GPU' }), dawnFlags: config.dawnFlags, env, ...dawn.report });
  if (!usable) return 3;
  if (probeOnly) return 0;

  phase = 'backend';
  registerWebGpuBackend(dawn.adapter);
  try {
    if (!(await tf.setBackend('webgpu'))) throw new Error("tf.setBackend('webgpu') returned false");
    await tf.ready();
  } catch (e) {
    emit({ kind: 'backend', ok: false, error: message(e) });
    return 5;
  }
  const flags: Record<string, unknown> = {};
  for (const f of ['WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 'WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD', 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE']) flags[f] = tf.env().get(f);
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  emit({ kind: 'backend', ok: true, backend: tf.getBackend(), timestampQuery: device.features.has('timestamp-query'), flags });

  const data = readDigits(config.digitsFile);
  const trainSet = { ...data, count: Math.min(data.count, config.trainCount) };
  const variants = pickVariants(config.variants);
  const size: CheckSize = { steps: config.checkSteps, batch: config.checkBatch };
  const reference = config.checkSteps > 0 ? startReference(config, size) : undefined;
  const left = () => config.budgetSeconds - seconds();

  // 1. the WebGPU side of the check, per variant, within its share of the budget (the CPU side runs meanwhile)
  const checkRuns = new Map<string, { run?: CheckRun; error?: string }>();
  const gradRuns = new Map<string, { run?: GradientRun; error?: string }>();
  if (reference) {
    const each = (config.budgetSeconds * config.checkShare) / variants.length;
    for (const v of variants) {
      phase = `check ${v.name}`;
      const undo = v.setUp();
      try {
        for (const b of config.gradBatches) {
          try {
            gradRuns.set(`${v.name} ${b}`, { run: await gradientsAt(data, b, v) });
          } catch (e) {
            gradRuns.set(`${v.name} ${b}`, { error: message(e) });
          }
        }
        checkRuns.set(v.name, { run: await runCheck(data, size, v, { deadline: performance.now() + each * 1000 }) });
      } catch (e) {
        checkRuns.set(v.name, { error: message(e) });
      } finally {
        undo();
      }
      log(`check run ${v.name}: gradients at batch ${config.gradBatches.join(', ')}; ${checkRuns.get(v.name)?.run?.losses.length ?? 0} steps`);
    }
  }

  // 2. throughput: models × batches, the variants side by side within each
  const configs = config.models.flatMap((model) => config.batches.flatMap((batch) => variants.map((variant) => ({ model, batch, variant }))));
  const reserve = reference ? 10 : 3;
  for (const [i, c] of configs.entries()) {
    const share = (left() - reserve) / (configs.length - i);
    const head = { kind: 'train', impl: 'trainyard-train', model: c.model, batch: c.batch, variant: c.variant.name } as const;
    if (share < 2) {
      emit({ ...head, skipped: 'time budget' });
      continue;
    }
    phase = `train ${c.model} b${c.batch} ${c.variant.name}`;
    log(`${phase}: up to ${share.toFixed(1)} s`);
    const undo = c.variant.setUp();
    const tensors = tf.memory().numTensors;
    try {
      const record = await measureThroughput({
        modelId: c.model, batch: c.batch, variant: c.variant, data: trainSet, seconds: Math.min(config.maxSeconds, share * 0.6), minWindows: config.minWindows,
        reportEvery: config.reportEvery, profileSteps: config.profileSteps, deadline: performance.now() + share * 800,
      });
      emit({ ...record, tensorsLeaked: tf.memory().numTensors - tensors });
    } catch (e) {
      emit({ ...head, error: message(e) });
    } finally {
      undo();
    }
  }

  // 3. the check's comparison, once the CPU reference is done (or with the steps it made by the end of the budget)
  if (reference) {
    phase = 'check (waiting for the CPU reference)';
    const wait = Math.max(1, left() - 2) * 1000;
    await Promise.race([reference.done, new Promise((r) => setTimeout(r, wait).unref())]);
    reference.stop();
    const cut = reference.run.final ? undefined : `the CPU reference made ${reference.run.losses.length} steps in time`;
    for (const v of variants) {
      for (const b of config.gradBatches) {
        const own = gradRuns.get(`${v.name} ${b}`);
        const ref = reference.grads.get(b);
        emit(compareGradients(v.name, b, config.checkTolerance, own?.run, ref, own?.error ?? (ref ? undefined : reference.error ?? 'the CPU reference gave no gradients in time')));
      }
      const own = checkRuns.get(v.name);
      emit(compareRuns(v.name, size, config.checkTolerance, own?.run, reference.run, own?.error ?? reference.error, cut));
    }
  }
  emit({ kind: 'done', seconds: seconds(), tensors: tf.memory().numTensors });
  return 0;
}

function summary(dir: string): number {
  const read = (f: string) => (existsSync(path.join(dir, f)) ? parseJsonLines(readFileSync(path.join(dir, f), 'utf8')) : []);
  const s = summarize(read('webgpu.jsonl'), read('torch.jsonl'));
  // the JSON first and the table last: a caller that keeps only the end of the output still sees the table
  console.log(JSON.stringify(s));
  console.log(formatSummary(s));
  return s.problems.length ? 1 : 0;
}

async function reference(job: ReferenceJob): Promise<void> {
  await tf.setBackend('cpu');
  const post = (m: ReferenceMessage) => parentPort?.postMessage(m);
  const data = readDigits(job.digitsFile);
  // the smallest gradient check first, then the trajectory, then what takes the plain-JS backend longest
  const [first, ...rest] = [...job.gradBatches].sort((a, b) => a - b);
  if (first !== undefined) post({ type: 'grads', run: await gradientsAt(data, first) });
  const run = await runCheck(data, job.size, undefined, {
    onInitial: (weights) => post({ type: 'initial', weights }),
    onLoss: (loss) => post({ type: 'loss', loss }),
  });
  post({ type: 'run', run });
  for (const b of rest) post({ type: 'grads', run: await gradientsAt(data, b) });
  post({ type: 'done' });
}

/**
 * How far the CPU reference drifts from itself over the check's steps when its arithmetic is disturbed by about as
 * much as summing in another order disturbs it: once from initial weights perturbed by PERTURBATION (relative), and
 * with seeded uniform noise added to every gradient element: relative to the element itself (a different rounding,
 * which keeps a zero a zero and a sign a sign), or relative to that weight's largest gradient (a sum that cancels
 * rounds to about that much, sign and all).
 */
async function drift(config: BenchConfig): Promise<number> {
  await tf.setBackend('cpu');
  const data = readDigits(config.digitsFile);
  const size: CheckSize = { steps: config.checkSteps, batch: config.checkBatch };
  const ref = await runCheck(data, size);
  const runs: { disturbance: string; losses: number[] }[] = [
    { disturbance: `initial weights × (1 ± ${PERTURBATION})`, losses: (await runCheck(data, size, undefined, { perturb: PERTURBATION })).losses },
  ];
  for (const scale of [1e-7, 1e-6]) {
    runs.push({ disturbance: `every gradient element × (1 ± ${scale})`, losses: (await runCheck(data, size, noisyGradients(scale, 'relative'))).losses });
    runs.push({ disturbance: `every gradient element ± ${scale} × its weight's largest gradient`, losses: (await runCheck(data, size, noisyGradients(scale, 'scale'))).losses });
  }
  for (const r of runs) {
    const perStep = ref.losses.map((l, i) => Math.abs(l - (r.losses[i] ?? Number.NaN)));
    console.log(JSON.stringify({ kind: 'drift', disturbance: r.disturbance, batch: size.batch, steps: ref.losses.length, maxAbsLossDiff: Math.max(...perStep), perStep }));
  }
  return 0;
}

/** The reference's own settings (as runCheck uses with no variant), with seeded noise added to every gradient. */
function noisyGradients(scale: number, mode: 'relative' | 'scale'): Variant {
  let seed = 1;
  return {
    name: `noisy ${scale}`, what: 'the CPU reference with noise added to its gradients', setUp: () => () => undefined, trainOptions: {}, build: {},
    optimizer: (h) => {
      const o = makeOptimizer(h);
      const apply = o.applyGradients.bind(o);
      // (train() passes a variable list to minimize(), which hands the gradients on as a list of named tensors)
      o.applyGradients = (grads) => {
        const named = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
        const noisy = tf.tidy(() => named.map(({ name, tensor: g }) => ({ name, tensor: g.add(tf.randomUniform(g.shape, -1, 1, 'float32', seed++).mul((mode === 'relative' ? g.abs() : g.abs().max()).mul(scale))) })));
        apply(noisy);
        tf.dispose(noisy.map((n) => n.tensor));
      };
      return o;
    },
  };
}

if (!isMainThread) {
  await reference(workerData as ReferenceJob);
} else {
  const mode = process.argv[2] ?? 'bench';
  const config = readConfig(process.env);
  let code = 1;
  if (mode === 'summary') code = summary(process.argv[3] ?? '.');
  else if (mode === 'drift') code = await drift(config);
  else {
    // dawn.node keeps the process alive while a GPU object lives, and a hung device should still leave a last word
    const watchdog = setTimeout(() => {
      emitter(config)({ kind: 'abort', error: `internal watchdog after ${config.budgetSeconds + 15} s`, during: phase });
      process.exit(4);
    }, (config.budgetSeconds + 15) * 1000);
    watchdog.unref();
    try {
      code = await bench(config, mode === 'probe');
    } catch (e) {
      emitter(config)({ kind: 'fatal', error: message(e), during: phase });
    }
  }
  process.exit(code);
}
