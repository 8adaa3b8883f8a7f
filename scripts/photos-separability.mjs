// How separable is the real-photo fixture for a frozen pretrained backbone? Features of every photo from nsfwjs's
// MobileNetV2 (the Layers model cut at flatten_1, and the Graph model at its feature_vector node), a seeded
// stratified 80/20 split as Trainyard makes it, a small head trained on the train features → test accuracy.
// Usage: node scripts/photos-separability.mjs [--splits 5]    (Chromium decodes the files; tfjs runs on WASM)
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { PHOTOS_DIR } from './photos-zip.mjs';
import { seededRandom } from './seeded-random.mjs';

const require = createRequire(import.meta.url);
const SIZE = 224;
const splitsArg = process.argv.indexOf('--splits');
const splits = splitsArg > 0 ? Number(process.argv[splitsArg + 1]) : 5;

/** Every photo as 224×224 RGB bytes (stretched, as nsfwjs resizes), with its class index. */
async function decodePhotos() {
  const labels = readdirSync(PHOTOS_DIR).sort();
  const files = labels.flatMap((label, y) => readdirSync(join(PHOTOS_DIR, label)).sort().map((f) => ({ path: join(PHOTOS_DIR, label, f), y })));
  const executablePath = findChromium();
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  const page = await browser.newPage();
  const pixels = new Uint8Array(files.length * SIZE * SIZE * 3);
  for (const [i, file] of files.entries()) {
    const rgbaBase64 = await page.evaluate(async ({ b64, size }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
      const ctx = new OffscreenCanvas(size, size).getContext('2d');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, size, size);
      const data = ctx.getImageData(0, 0, size, size).data;
      let s = '';
      for (let k = 0; k < data.length; k += 8192) s += String.fromCharCode(...data.subarray(k, k + 8192));
      return btoa(s);
    }, { b64: readFileSync(file.path).toString('base64'), size: SIZE });
    const rgba = Buffer.from(rgbaBase64, 'base64');
    for (let p = 0; p < SIZE * SIZE; p++) for (let c = 0; c < 3; c++) pixels[(i * SIZE * SIZE + p) * 3 + c] = rgba[p * 4 + c];
  }
  await browser.close();
  return { labels, ys: files.map((f) => f.y), pixels };
}

/** nsfwjs ships its models as UMD modules: model.json as an object, each weight shard as a base64 string. */
function nsfwjsArtifacts(dir) {
  const base = `nsfwjs/dist/models/${dir}`;
  const json = require(require.resolve('nsfwjs').replace(/nsfwjs\/dist\/.*$/, `${base}/model.min.js`));
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => Buffer.from(require(require.resolve('nsfwjs').replace(/nsfwjs\/dist\/.*$/, `${base}/${p}.min.js`)), 'base64'));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData, format: json.format };
}

async function featuresOf(name, { pixels, ys }) {
  let embed;
  if (name === 'mobilenet_v2') {
    const full = await tf.loadLayersModel(tf.io.fromMemory(nsfwjsArtifacts(name)));
    const trunk = tf.model({ inputs: full.inputs, outputs: full.getLayer('flatten_1').output });
    embed = (x) => trunk.predict(x);
  } else {
    const artifacts = nsfwjsArtifacts(name);
    const node = artifacts.modelTopology.node.find((n) => n.name.endsWith('feature_vector/SpatialSqueeze')).name;
    const graph = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    embed = (x) => graph.execute(x, node);
  }
  const count = ys.length;
  const batch = 16;
  const out = [];
  const start = performance.now();
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    const f = tf.tidy(() => embed(tf.tensor4d(pixels.subarray(i * SIZE * SIZE * 3, (i + n) * SIZE * SIZE * 3), [n, SIZE, SIZE, 3], 'int32').toFloat().div(255)));
    out.push(await f.data());
    f.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  const size = out[0].length / Math.min(batch, count);
  const all = new Float32Array(count * size);
  let offset = 0;
  for (const part of out) all.set(part, (offset += part.length) - part.length);
  return { features: all, size, imagesPerSecond: count / seconds };
}


/** Stratified: 20 % of every class to test, chosen with the seed. */
function stratifiedSplit(ys, seed) {
  const random = seededRandom(seed);
  const byClass = new Map();
  ys.forEach((y, i) => byClass.set(y, [...(byClass.get(y) ?? []), i]));
  const train = [];
  const test = [];
  for (const members of byClass.values()) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    const testCount = Math.round(members.length * 0.2);
    test.push(...members.slice(0, testCount));
    train.push(...members.slice(testCount));
  }
  return { train, test };
}

async function headAccuracy(kind, { features, size }, ys, classes, split, seed) {
  const take = (idx) => tf.tensor2d(idx.flatMap((i) => Array.from(features.subarray(i * size, (i + 1) * size))), [idx.length, size]);
  const xTrain = take(split.train);
  const yTrain = tf.oneHot(split.train.map((i) => ys[i]), classes).toFloat();
  const xTest = take(split.test);
  const init = tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: kind === 'softmax'
      ? [tf.layers.dense({ inputShape: [size], units: classes, activation: 'softmax', kernelInitializer: init })]
      : [tf.layers.dense({ inputShape: [size], units: 128, activation: 'relu', kernelInitializer: init }), tf.layers.dropout({ rate: 0.2, seed }),
        tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  await model.fit(xTrain, yTrain, { epochs: 30, batchSize: 32, shuffle: true, verbose: 0 });
  const predicted = await tf.tidy(() => (model.predict(xTest)).argMax(-1)).data();
  const correct = split.test.filter((i, k) => predicted[k] === ys[i]).length;
  tf.dispose([xTrain, yTrain, xTest, model]);
  return correct / split.test.length;
}

await tf.setBackend('wasm');
const photos = await decodePhotos();
console.log(`${photos.ys.length} photos, ${photos.labels.length} classes (${photos.labels.join(', ')}), backend ${tf.getBackend()}`);
for (const name of ['mobilenet_v2', 'mobilenet_v2_mid']) {
  const feats = await featuresOf(name, photos);
  for (const kind of ['softmax', 'dense 128 + softmax']) {
    const accs = [];
    for (let s = 1; s <= splits; s++) accs.push(await headAccuracy(kind, feats, photos.ys, photos.labels.length, stratifiedSplit(photos.ys, s), s));
    const pct = (v) => `${(v * 100).toFixed(1)} %`;
    console.log(`${name} (${feats.size} features, ${feats.imagesPerSecond.toFixed(1)} images/s) + ${kind}: test accuracy mean ${pct(accs.reduce((a, b) => a + b) / accs.length)}, min ${pct(Math.min(...accs))} over ${splits} seeded splits [${accs.map(pct).join(', ')}]`);
  }
}
