// The GPU bench's program (bundled into bench.mjs with tfjs and the app's training code; run.sh starts it):
//   node bench.mjs [bench]      WebGPU through Dawn: every model × batch × variant, then the correctness check
//   node bench.mjs probe        only find and describe the adapter (exit 0: usable, 3: none)
//   node bench.mjs summary DIR  the table from DIR/webgpu.jsonl and DIR/torch.jsonl
// One JSON line per measurement on stdout (and in $JSONL); progress on stderr. Settings: config.ts.
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compareRuns, runCheck, type CheckRun, type CheckSize, type SavedWeights } from './check';
import { readConfig, readDigits, type BenchConfig } from './config';
import { openDawn, registerWebGpuBackend } from './dawn';
import type { BenchRecord } from './records';
import { formatSummary, parseJsonLines, summarize } from './summary';
import { measureThroughput } from './throughput';
import { pickVariants } from './variants';

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

interface ReferenceJob { role: 'reference'; digitsFile: string; size: CheckSize }

type ReferenceMessage = { type: 'initial'; weights: SavedWeights[] } | { type: 'loss'; loss: number } | { type: 'done'; run: CheckRun };

interface Reference {
  /** What the CPU side has done so far: its losses grow step by step; `final` is set when it finished. */
  run: CheckRun;
  done: Promise<void>;
  error?: string;
  stop(): void;
}

/** The CPU side of the check, in a worker thread with its own tfjs on the plain-JS CPU backend. */
function startReference(config: BenchConfig, size: CheckSize): Reference {
  const job: ReferenceJob = { role: 'reference', digitsFile: config.digitsFile, size };
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  const ref: Reference = { run: { losses: [] }, done: Promise.resolve(), stop: () => void worker.terminate() };
  ref.done = new Promise<void>((resolve) => {
    worker.on('message', (m: ReferenceMessage) => {
      if (m.type === 'initial') ref.run.initial = m.weights;
      else if (m.type === 'loss') ref.run.losses.push(m.loss);
      else {
        ref.run = m.run;
        resolve();
      }
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
  if (reference) {
    const each = (config.budgetSeconds * config.checkShare) / variants.length;
    for (const v of variants) {
      phase = `check ${v.name}`;
      const undo = v.setUp();
      try {
        checkRuns.set(v.name, { run: await runCheck(data, size, v, { deadline: performance.now() + each * 1000 }) });
      } catch (e) {
        checkRuns.set(v.name, { error: message(e) });
      } finally {
        undo();
      }
      log(`check run ${v.name}: ${checkRuns.get(v.name)?.run?.losses.length ?? 0} steps`);
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
  const run = await runCheck(readDigits(job.digitsFile), job.size, undefined, {
    onInitial: (weights) => post({ type: 'initial', weights }),
    onLoss: (loss) => post({ type: 'loss', loss }),
  });
  post({ type: 'done', run });
}

if (!isMainThread) {
  await reference(workerData as ReferenceJob);
} else {
  const mode = process.argv[2] ?? 'bench';
  const config = readConfig(process.env);
  let code = 1;
  if (mode === 'summary') code = summary(process.argv[3] ?? '.');
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
