import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { it } from 'vitest';
import { registerWasmGradKernels } from '../../../src/ml/wasm-grad-kernels';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';
it('prof', async () => {
  registerWasmGradKernels();
  await tf.setBackend(process.env.BK ?? 'wasm');
  const spec = BUILT_IN_MODELS.find((m) => m.id === (process.env.MODEL ?? 'cnn_model'))!;
  const model = buildModel(spec.layers, [28, 28, 1], 10);
  const opt = tf.train.adam(1e-3);
  const bs = 64;
  const x = tf.randomUniform([bs, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([bs], 0, 10, 'int32') as tf.Tensor1D, 10);
  const step = () => { const c = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!; return c; };
  for (let i = 0; i < 2; i++) { const c = step(); await c.data(); c.dispose(); }
  const t0 = performance.now(); const n = 5;
  for (let i = 0; i < n; i++) { const c = step(); await c.data(); c.dispose(); }
  console.log('samples/s', (n * bs * 1000) / (performance.now() - t0));
  const prof = await tf.profile(async () => { const c = step(); await c.data(); c.dispose(); });
  const by = new Map<string, number>();
  for (const k of prof.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('\n'));
});
