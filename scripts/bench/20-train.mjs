// Training samples/s per backend for the zoo's MLP and cnn_model on 28×28 real digits, batch 64:
// every backend in headless Chromium (bench/train.html, one worker each; WASM once per thread count, then as the app
// starts it), the WASM path in Node with the stock-plus-workaround kernels ("baseline") and with ours ("fast"), each
// profiled (kernel self time), and PyTorch
// (/usr/bin/python3, Debian's torch) on the same architecture, batch and data in the same run, with the ratio.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDigits } from '../digits.mjs';

const BATCH = 64;
const MODELS = ['mlp', 'cnn_model'];
const BROWSER_BACKENDS = (process.env.TRAINYARD_BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',');
const SECONDS = Number(process.env.TRAINYARD_BENCH_SECONDS ?? 6);
const PYTHON = '/usr/bin/python3';

export async function measure({ baseURL, launch, print }) {
  const digits = loadDigits(2000);
  const pixels = new Uint8Array(digits.length * 784);
  digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
  const labels = Uint8Array.from(digits, (d) => d.label);

  const torch = pytorch(pixels, labels);
  const node = await nodeWasm(pixels, labels);
  const reference = (model) => torch[model]?.samplesPerSecond;

  for (const model of MODELS) {
    const ref = reference(model);
    if (torch[model]) print({ name: `train ${model} (PyTorch)`, value: round(ref), unit: 'samples/s', backend: `pytorch ${torch[model].torch} cpu`, threads: torch[model].threads, byThreads: torch[model].byThreads, batchSize: BATCH, params: torch[model].params });
    else print({ name: `train ${model} (PyTorch)`, error: torch.error ?? 'not measured' });
    for (const kernels of ['baseline', 'fast']) {
      const r = node[model]?.[kernels];
      if (!r) continue;
      print({ name: `train ${model} (Node, wasm kernels: ${kernels})`, value: round(r.samplesPerSecond), unit: 'samples/s', backend: 'wasm (Node, 1 thread, SIMD)', batchSize: BATCH, ratioToPyTorch: ratio(r.samplesPerSecond, ref), topKernels: r.topKernels });
    }
  }

  const browser = await launch();
  try {
    for (const backend of BROWSER_BACKENDS) {
      try {
        if (backend === 'wasm') await wasmByThreads({ browser, baseURL, pixels, labels, reference, print });
        else await browserBackend({ browser, baseURL, backend, pixels, labels, reference, print });
      } catch (error) {
        print({ name: `train (Chromium worker, ${backend})`, error: String(error?.message ?? error).slice(0, 300) });
      }
    }
  } finally {
    await browser.close();
  }
}

/** One bench worker on its own page, started on `backend` (WASM on `threads` threads, or the app's policy). */
async function openWorker(browser, baseURL, backend, threads) {
  const page = await browser.newPage();
  await page.goto(new URL('bench/train.html', baseURL).href);
  await page.waitForFunction(() => typeof globalThis.trainyardBench === 'function');
  const choice = await page.evaluate(async ([name, t]) => {
    globalThis.bench = globalThis.trainyardBench();
    const c = await globalThis.bench.start(name, t ?? undefined);
    return { name: c.name, detail: c.detail, isolated: globalThis.crossOriginIsolated, cores: navigator.hardwareConcurrency };
  }, [backend, threads ?? null]);
  return { page, choice };
}

async function runInWorker(page, model, pixels, labels, slow) {
  const options = { modelId: model, batchSize: BATCH, pixels: Buffer.from(pixels).toString('base64'), labels: Buffer.from(labels).toString('base64'), seconds: slow ? 0 : SECONDS, minSteps: slow ? 1 : 2 };
  return page.evaluate(async (o) => {
    const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
    return globalThis.bench.run({ ...o, pixels: bytes(o.pixels), labels: bytes(o.labels) });
  }, options);
}

async function browserBackend({ browser, baseURL, backend, pixels, labels, reference, print }) {
  const { page, choice } = await openWorker(browser, baseURL, backend);
  try {
    for (const model of MODELS) {
      // Plain-JS CPU and SwiftShader take tens of seconds per cnn_model step: one timed step is enough there.
      const r = await runInWorker(page, model, pixels, labels, model === 'cnn_model');
      print({ name: `train ${model} (Chromium worker)`, value: round(r.samplesPerSecond), unit: 'samples/s', backend: `${choice.name} (${choice.detail})`, crossOriginIsolated: choice.isolated, batchSize: BATCH, steps: r.steps, ratioToPyTorch: ratio(r.samplesPerSecond, reference(model)) });
    }
  } finally {
    await page.close();
  }
}

/**
 * WASM's thread count is fixed when the backend starts, so each count gets its own worker: 1, half the cores and
 * all of them (src/core/wasm-threads.ts is the policy these lines back), then the app's own choice as the headline.
 */
async function wasmByThreads({ browser, baseURL, pixels, labels, reference, print }) {
  const app = await openWorker(browser, baseURL, 'wasm');
  const cores = app.choice.cores;
  const counts = [...new Set([1, Math.max(1, Math.floor(cores / 2)), cores])];
  const byThreads = {};
  for (const threads of counts) {
    const { page, choice } = await openWorker(browser, baseURL, 'wasm', threads);
    try {
      for (const model of MODELS) {
        const r = await runInWorker(page, model, pixels, labels, false);
        (byThreads[model] ??= {})[threads] = round(r.samplesPerSecond);
        print({ name: `train ${model} (Chromium worker, wasm, ${threads} of ${cores} cores)`, value: round(r.samplesPerSecond), unit: 'samples/s', backend: `wasm (${choice.detail})`, threads, batchSize: BATCH, steps: r.steps, ratioToPyTorch: ratio(r.samplesPerSecond, reference(model)) });
      }
    } finally {
      await page.close();
    }
  }
  try {
    for (const model of MODELS) {
      const r = await runInWorker(app.page, model, pixels, labels, false);
      print({ name: `train ${model} (Chromium worker)`, value: round(r.samplesPerSecond), unit: 'samples/s', backend: `wasm (${app.choice.detail})`, crossOriginIsolated: app.choice.isolated, byThreads: byThreads[model], batchSize: BATCH, steps: r.steps, ratioToPyTorch: ratio(r.samplesPerSecond, reference(model)) });
    }
  } finally {
    await app.page.close();
  }
}

/** PyTorch on the same digits; {} with an error when torch is missing. */
function pytorch(pixels, labels) {
  if (spawnSync(PYTHON, ['-c', 'import torch']).status !== 0) return { error: `${PYTHON} has no torch` };
  const file = join(mkdtempSync(join(tmpdir(), 'trainyard-bench-')), 'digits.bin');
  writeFileSync(file, Buffer.concat([Buffer.from(pixels), Buffer.from(labels)]));
  const out = {};
  for (const model of MODELS) {
    const run = spawnSync(PYTHON, [new URL('./20-train-torch.py', import.meta.url).pathname, file, model, String(BATCH), String(SECONDS)], { encoding: 'utf8' });
    if (run.status === 0) out[model] = JSON.parse(run.stdout.trim().split('\n').at(-1));
    else out.error = run.stderr.slice(-300);
  }
  return out;
}

/** The WASM path in Node: our TypeScript built for Node by Vite, with both kernel sets, each profiled. */
async function nodeWasm(pixels, labels) {
  const { build } = await import('vite');
  const outDir = 'node_modules/.cache/trainyard-bench';
  await build({
    configFile: false, logLevel: 'error',
    build: { ssr: true, outDir, emptyOutDir: true, rollupOptions: { input: { 'bench-train': 'src/ml/bench-train.ts', 'wasm-grad-kernels': 'src/ml/kernels/wasm/grad-kernels.ts' } } },
  });
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const { benchTrain } = await import(join(process.cwd(), outDir, 'bench-train.js'));
  const { registerWasmGradKernels } = await import(join(process.cwd(), outDir, 'wasm-grad-kernels.js'));
  await tf.setBackend('wasm');
  const out = {};
  for (const model of MODELS) {
    out[model] = {};
    for (const kernels of ['baseline', 'fast']) {
      registerWasmGradKernels(kernels);
      out[model][kernels] = await benchTrain({ modelId: model, batchSize: BATCH, pixels, labels, seconds: SECONDS, profile: true });
    }
  }
  return out;
}

const round = (x) => Math.round(x * 10) / 10;
const ratio = (x, ref) => (ref ? Math.round((x / ref) * 1000) / 1000 : undefined);
