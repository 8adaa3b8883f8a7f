// Kernels, uploads and host milliseconds per training step, with the host-work speed-ups off and on, printed as
// one JSON line per (model, batch size, variant). Runs src/ml/step-stats.ts (built for Node by Vite) on real digits.
//
//   node scripts/step-stats.mjs [--backend webgpu|webgpu-null|wasm|cpu] [--models mlp,cnn_model] [--batches 64,256]
//                               [--steps 12] [--variants off,on,fusedOptimizer,dataOnDevice,deviceMetrics,fusedActivations,fusedLoss,deviceDropout]
//
// A variant names the speed-ups that are on: `off` (none: tfjs as before), `on` (all), or one speed-up alone.
// WebGPU here is Dawn (the `webgpu` package) on Chromium's SwiftShader: numbers count work, they do not time a GPU.
// `webgpu-null` is Dawn's Null backend: every call is validated and recorded but the GPU does nothing, so host
// milliseconds per step are the host's work alone (losses are meaningless there).
// STEP_STATS_ROOT=<checkout> measures another checkout's train() (copy src/ml/step-stats.ts there first).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from './chromium.mjs';
import { loadDigits } from './digits.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'webgpu' },
    models: { type: 'string', default: 'mlp,cnn_model' },
    batches: { type: 'string', default: '64,256' },
    steps: { type: 'string', default: '12' },
    variants: { type: 'string', default: 'off,on' },
  },
});
const SPEED_UPS = ['fusedOptimizer', 'dataOnDevice', 'deviceMetrics', 'fusedActivations', 'fusedLoss', 'deviceDropout'];

// The Vulkan loader reads LD_LIBRARY_PATH only when a process starts: start again with SwiftShader's environment.
const dawnFlags = args.backend === 'webgpu-null' ? ['backend=null'] : [];
if (args.backend === 'webgpu-null') args.backend = 'webgpu';
else if (args.backend === 'webgpu' && !process.env.VK_DRIVER_FILES) {
  const chromium = findChromium();
  const dir = [...(chromium ? [dirname(realpathSync(chromium))] : []), '/usr/lib/chromium'].find((d) => existsSync(join(d, 'vk_swiftshader_icd.json')));
  if (!dir) throw new Error('no SwiftShader Vulkan driver beside Chromium: WebGPU cannot run here');
  const icd = join(dir, 'vk_swiftshader_icd.json');
  const env = { ...process.env, LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), VK_DRIVER_FILES: icd, VK_ICD_FILENAMES: icd };
  process.exit(spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env }).status ?? 1);
}

const root = resolve(process.env.STEP_STATS_ROOT ?? '.');
// One build folder per run, so runs may overlap.
const outDir = join(root, `node_modules/.cache/trainyard-step-stats-${process.pid}`);
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
const { build } = await import('vite');
await build({
  root, configFile: false, logLevel: 'error',
  build: {
    ssr: true, outDir, emptyOutDir: true,
    rollupOptions: { input: { 'step-stats': join(root, 'src/ml/step-stats.ts'), 'wasm-grad-kernels': join(root, 'src/ml/kernels/wasm/grad-kernels.ts') } },
  },
});

const tf = await import('@tensorflow/tfjs');
if (args.backend === 'webgpu') await useDawn(tf);
if (args.backend === 'wasm') {
  await import('@tensorflow/tfjs-backend-wasm');
  (await import(join(outDir, 'wasm-grad-kernels.js'))).registerWasmGradKernels();
}
if (!(await tf.setBackend(args.backend))) throw new Error(`the ${args.backend} backend did not start`);
const { measureSteps } = await import(join(outDir, 'step-stats.js'));

const steps = Number(args.steps);
const batches = args.batches.split(',').map(Number);
const digits = loadDigits(steps * Math.max(...batches));
const set = {
  shape: [28, 28, 1], count: digits.length,
  pixels: Uint8Array.from(digits.flatMap((d) => Array.from(d.pixels))), labels: Uint16Array.from(digits, (d) => d.label),
};
for (const modelId of args.models.split(',')) {
  for (const batchSize of batches) {
    for (const variant of args.variants.split(',')) {
      const switches = Object.fromEntries(SPEED_UPS.map((s) => [s, variant === 'on' || variant === s]));
      const r = await measureSteps({ modelId, batchSize, set, classes: 10, steps, ...switches });
      const round = (x) => Math.round(x * 100) / 100;
      console.log(JSON.stringify({
        model: modelId, batch: batchSize, variant, backend: r.backend, steps: r.steps, kernelsPerStep: round(r.kernelsPerStep), kernelsCounted: r.kernelsCounted,
        uploadsPerStep: round(r.uploadsPerStep), readsPerStep: round(r.readsPerStep), hostMsPerStep: round(r.hostMsPerStep),
        wallMsPerStep: round(r.wallMsPerStep), samplesPerSecond: round(r.samplesPerSecond), finalLoss: round(r.finalLoss), speedUps: r.speedUps,
      }));
    }
  }
}
process.exit(0);

/** tfjs's WebGPU backend on Dawn (the `webgpu` package), as tests/support/webgpu-node.ts sets it up. */
async function useDawn(tf) {
  const dawn = await import('webgpu');
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(dawnFlags);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('Dawn found no WebGPU adapter');
  Object.defineProperty(globalThis, 'navigator', { value: { ...globalThis.navigator, gpu }, configurable: true, writable: true });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (!tf.findBackendFactory('webgpu')) {
    tf.registerBackend('webgpu', async () => new WebGPUBackend(await adapter.requestDevice(), adapter.info), 0);
  }
}
