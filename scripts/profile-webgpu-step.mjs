// Profiles tfjs's WebGPU backend in Node (Dawn from the `webgpu` package; here on Chromium's SwiftShader Vulkan
// driver, a CPU, so the numbers rank kernels and compare stock with ours, they do not predict a GPU) with tfjs's
// kernels ('stock') and ours ('fast', src/ml/kernels/webgpu/) side by side in one process, and prints JSON lines:
//   {"kind":"kernel"}  kernels we replace, on zoo shapes: kernel time (tf.profile, timestamp queries), GFLOP/s or GB/s
//   {"kind":"step"}    one training step per zoo model: wall ms, GPU ms, kernels, the top kernels with their share of
//                      the step and achieved GFLOP/s (convolutions, matmuls) or GB/s (everything else)
// Usage: node scripts/profile-webgpu-step.mjs [--batch 64] [--models cnn_model,mlp] [--modes stock,fast]
//        [--kernels conv,depthwise,sum] [--repeat 2] [--no-kernels] [--no-steps]
// On SwiftShader under load a batch-64 cnn_model run takes about a quarter of an hour; --batch 16 a few minutes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    batch: { type: 'string', default: '64' }, models: { type: 'string', default: 'cnn_model' },
    modes: { type: 'string', default: 'stock,fast' }, repeat: { type: 'string', default: '2' },
    kernels: { type: 'string', default: 'conv,depthwise,sum' },
    'no-kernels': { type: 'boolean', default: false }, 'no-steps': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
  },
});
const outDir = join(process.cwd(), 'node_modules/.cache/trainyard-profile-webgpu');
const print = (line) => console.log(JSON.stringify(line));

if (!opt.child) {
  // The project's TypeScript, bundled for Node with tfjs left external (so there is one tfjs instance).
  const { build } = await import('vite');
  await build({
    configFile: false, logLevel: 'error',
    build: {
      ssr: true, outDir, emptyOutDir: true,
      rollupOptions: {
        input: {
          register: 'src/ml/kernels/webgpu/register.ts', 'build-model': 'src/ml/build-model.ts', zoo: 'src/core/zoo.ts',
          'webgpu-node': 'tests/support/webgpu-node.ts', swiftshader: 'tests/support/swiftshader.ts',
        },
      },
    },
  });
  // The Vulkan loader reads LD_LIBRARY_PATH when a process starts, so the measuring runs in a child with it set.
  const { swiftShaderEnv } = await import(join(outDir, 'swiftshader.js'));
  const env = { ...process.env, ...(process.env.VK_DRIVER_FILES ? {} : swiftShaderEnv()) };
  const child = spawnSync(process.execPath, [process.argv[1], ...process.argv.slice(2), '--child'], { stdio: 'inherit', env });
  process.exit(child.status ?? 1);
}

const tf = await import('@tensorflow/tfjs');
const load = (name) => import(join(outDir, `${name}.js`));
const [{ useWebGpu }, { registerWebGpuKernels }, { buildModel }, { BUILT_IN_MODELS }] = await Promise.all(['webgpu-node', 'register', 'build-model', 'zoo'].map(load));
const why = await useWebGpu();
if (why) {
  print({ kind: 'error', error: why });
  process.exit(1);
}
await tf.setBackend('webgpu');
const adapter = await navigator.gpu.requestAdapter();
const batch = Number(opt.batch);
const repeat = Number(opt.repeat);
const modes = opt.modes.split(',');
print({ kind: 'env', adapter: adapter?.info, isFallbackAdapter: adapter?.info?.isFallbackAdapter, batch, node: process.version, loadAverage: (await import('node:os')).loadavg() });

const size = (shape) => shape.reduce((a, b) => a * b, 1);
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Kernel cases at the given batch: cnn_model's four filter gradients, separable-cnn's two depthwise ones (stride 1,
 * then 2), and the bias gradient (Sum over n, h, w) of cnn_model's first two layers.
 */
function kernelCases(b) {
  const conv = (xShape, filterShape, pad, depthwise = false, strides = 1) => {
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, undefined, depthwise);
    const taps = filterShape[0] * filterShape[1] * (depthwise ? 1 : filterShape[2]);
    return {
      group: depthwise ? 'depthwise' : 'conv', kernel: depthwise ? 'DepthwiseConv2dNativeBackpropFilter' : 'Conv2DBackpropFilter',
      shapes: { x: xShape, dy: info.outShape }, attrs: { strides, pad, dilations: 1, dataFormat: 'NHWC', filterShape },
      flops: 2 * size(info.outShape) * taps,
    };
  };
  const sum = (shape) => ({ group: 'sum', kernel: 'Sum', shapes: { x: shape }, attrs: { axis: [0, 1, 2], keepDims: false }, bytes: 4 * size(shape) });
  return [
    conv([b, 28, 28, 1], [3, 3, 1, 32], 'same'), conv([b, 28, 28, 32], [3, 3, 32, 32], 'valid'),
    conv([b, 13, 13, 32], [3, 3, 32, 64], 'same'), conv([b, 13, 13, 64], [3, 3, 64, 64], 'valid'),
    conv([b, 14, 14, 16], [3, 3, 16, 1], 'same', true), conv([b, 14, 14, 32], [3, 3, 32, 1], 'same', true, 2),
    sum([b, 28, 28, 32]), sum([b, 26, 26, 32]),
  ];
}

if (!opt['no-kernels']) {
  const groups = opt.kernels.split(',');
  for (const c of kernelCases(batch).filter((k) => groups.includes(k.group))) {
    const inputs = Object.fromEntries(Object.entries(c.shapes).map(([name, shape]) => [name, tf.randomUniform(shape)]));
    const run = () => tf.engine().runKernel(c.kernel, inputs, c.attrs);
    for (const mode of modes) {
      registerWebGpuKernels(mode);
      const warm = run();
      await warm.data();
      warm.dispose();
      const times = [];
      for (let i = 0; i < repeat; i++) {
        const profile = await tf.profile(async () => {
          const out = run();
          await out.data();
          out.dispose();
        });
        times.push(profile.kernels.filter((k) => k.name === c.kernel).reduce((t, k) => t + Number(k.kernelTimeMs), 0));
      }
      const ms = Math.min(...times);
      const rate = c.flops ? { gflops: round(c.flops / ms / 1e6, 2) } : { gbps: round(c.bytes / ms / 1e6, 2) };
      print({ kind: 'kernel', kernel: c.kernel, mode, ...c.shapes, attrs: c.attrs, ms: round(ms), msEach: times.map((t) => round(t)), ...rate });
    }
    tf.dispose(Object.values(inputs));
  }
}

/** Work a kernel did, from the shapes tf.profile records: FLOPs for convolutions and matmuls, else bytes moved. */
function workOf(k) {
  const ins = k.inputShapes.filter(Boolean);
  const out = k.outputShapes[0] ?? [];
  if (k.name === 'Conv2D' || k.name === 'FusedConv2D') return { flops: 2 * size(out) * size(ins[1].slice(0, 3)) };
  if (k.name === 'Conv2DBackpropInput') return { flops: 2 * size(ins[0]) * size(ins[1].slice(0, 3)) };
  if (k.name === 'Conv2DBackpropFilter') return { flops: 2 * size(ins[1]) * size(out.slice(0, 3)) };
  if (k.name.startsWith('DepthwiseConv2dNative')) {
    const filter = k.name.endsWith('Filter') ? out : ins[1];
    return { flops: 2 * size(k.name.endsWith('Input') ? ins[0] : k.name.endsWith('Filter') ? ins[1] : out) * filter[0] * filter[1] };
  }
  if (k.name === 'BatchMatMul' || k.name === '_FusedMatMul') {
    const batchDims = size(out.slice(0, -2));
    return { flops: 2 * size(out) * Math.round(Math.sqrt((size(ins[0]) * size(ins[1])) / (size(out) * batchDims))) };
  }
  return { bytes: 4 * (ins.reduce((s, shape) => s + size(shape), 0) + k.outputShapes.reduce((s, shape) => s + size(shape ?? []), 0)) };
}

if (!opt['no-steps']) {
  for (const modelId of opt.models.split(',')) {
    const spec = BUILT_IN_MODELS.find((m) => m.id === modelId);
    if (!spec) throw new Error(`no zoo model ${modelId}`);
    for (const mode of modes) {
      registerWebGpuKernels(mode);
      const model = buildModel(spec.layers, [28, 28, 1], 10, 1);
      const optimizer = tf.train.adam(0.001);
      const x = tf.randomUniform([batch, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
      const step = async () => {
        const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
        await cost.data();
        cost.dispose();
      };
      await step(); // compiles the pipelines
      const walls = [];
      for (let i = 0; i < repeat; i++) {
        const t = performance.now();
        await step();
        walls.push(performance.now() - t);
      }
      const profile = await tf.profile(step);
      const gpuMs = profile.kernels.reduce((s, k) => s + Number(k.kernelTimeMs), 0);
      const byKernel = new Map();
      for (const k of profile.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        const e = byKernel.get(key) ?? { name: k.name, inputs: k.inputShapes, calls: 0, ms: 0, flops: 0, bytes: 0 };
        const w = workOf(k);
        Object.assign(e, { calls: e.calls + 1, ms: e.ms + Number(k.kernelTimeMs), flops: e.flops + (w.flops ?? 0), bytes: e.bytes + (w.bytes ?? 0) });
        byKernel.set(key, e);
      }
      const top = [...byKernel.values()].sort((a, b) => b.ms - a.ms).slice(0, 12).map((e) => ({
        kernel: e.name, inputs: e.inputs, calls: e.calls, ms: round(e.ms), share: round(e.ms / gpuMs, 3),
        ...(e.flops ? { gflops: round(e.flops / e.ms / 1e6, 2) } : { gbps: round(e.bytes / e.ms / 1e6, 2) }),
      }));
      print({ kind: 'step', model: modelId, mode, batch, wallMs: walls.map((w) => Math.round(w)), gpuMs: round(gpuMs), kernels: profile.kernels.length, top });
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    }
  }
}
// Dawn keeps the process alive while GPU objects exist.
process.exit(0);
