// Records of a large studio for the views benchmark and its browser test: one digits dataset of N 28×28 images in
// shards of 4,096 (the implicit layout of core/shard-layout), and finished runs on it with ~20 epochs of history and
// analyses shaped as the training worker writes them (metrics from core/summariseTest on seeded predictions, 24 + 24
// failure cases with their pixels). Pixels are the real digits handed in, shifted by a pixel or two per copy, or a
// drawn pattern per class when none are given.
import type { AnalysisRecord, FailureCase } from '../../core/analysis';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../core/zoo';
import type { HParams } from '../../core/hparams';
import { LEGACY_SHARD_IMAGES } from '../../core/shard-layout';
import { summariseTest } from '../../core/metrics-summary';
import { seededRandom } from '../../core/random';
import { runIdOf, type EpochStats, type RunRecord } from '../../core/run';
import type { DatasetRecord, Split } from '../../core/types';
import type { ShardRecord } from '../db';

export interface ViewsSeedOptions {
  images: number;
  runs: number;
  /** Real 28×28 digits (784 bytes each) and their labels; without them each class is a drawn pattern. */
  digits?: { pixels: Uint8Array; labels: Uint8Array };
  epochs?: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = Array.from({ length: 10 }, (_, i) => String(i));
const TEST_RATIO = 0.15;
/** Analyses with distinct metrics; runs share them round-robin (computing 500 full summaries would only slow seeding). */
const ANALYSIS_TEMPLATES = 16;

export function viewsDataset(images: number, createdAt: number): DatasetRecord {
  const test = Math.round(images * TEST_RATIO);
  const counts = (total: number) => ({ total, perClass: CLASSES.map((_, k) => Math.floor(total / 10) + (k < total % 10 ? 1 : 0)) });
  return {
    id: `bench-views-${images}`, name: `Digits ×${images.toLocaleString('en-US')}`, createdAt, layout: 'class-folders', shape: [SIDE, SIDE, 1],
    classes: CLASSES, counts: { train: counts(images - test), test: counts(test) }, split: { testRatio: TEST_RATIO, seed: 1 },
    bytes: images * PIXELS, report: { skipped: [], warnings: [], images, files: images, seconds: images / 2000 },
  };
}

/** Shards of one split in the legacy layout (keyed by the dataset id, 4,096 images each), made one at a time. */
export function* viewsShards(dataset: DatasetRecord, split: Split, options: ViewsSeedOptions): Generator<ShardRecord> {
  const total = dataset.counts[split]?.total ?? 0;
  const offset = split === 'test' ? (dataset.counts.train?.total ?? 0) : 0;
  for (let index = 0, start = 0; start < total; index++, start += LEGACY_SHARD_IMAGES) {
    const count = Math.min(LEGACY_SHARD_IMAGES, total - start);
    const pixels = new Uint8Array(count * PIXELS);
    const labels = new Uint16Array(count);
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = offset + start + i;
      labels[i] = drawImage(pixels.subarray(i * PIXELS, (i + 1) * PIXELS), n, options.digits);
      paths.push(`${split}/${labels[i]}/img${n}.png`);
    }
    yield { datasetId: dataset.id, split, index, count, pixels, labels, paths };
  }
}

/** Image number n: a real digit shifted by (dx, dy) chosen by n, or class n % 10's pattern. Returns its label. */
function drawImage(out: Uint8Array, n: number, digits: ViewsSeedOptions['digits']): number {
  if (!digits || digits.labels.length === 0) {
    const label = n % 10;
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) out[y * SIDE + x] = (x + y * (label + 1) + n) % 23 < 8 + label ? 255 : 0;
    return label;
  }
  const source = n % digits.labels.length;
  const copy = Math.floor(n / digits.labels.length);
  const dx = (copy % 5) - 2;
  const dy = (Math.floor(copy / 5) % 5) - 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx;
      const sy = y - dy;
      out[y * SIDE + x] = sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE ? (digits.pixels[source * PIXELS + sy * SIDE + sx] ?? 0) : 0;
    }
  }
  return digits.labels[source] ?? 0;
}

/**
 * `count` distinct (model, hyperparameter set) pairs: every built-in model with every built-in set (so the queue finds
 * nothing to add), then sweeps of the first set's learning rate.
 */
function runPairs(count: number): { model: (typeof BUILT_IN_MODELS)[number]; hparams: HParams }[] {
  const sets: HParams[] = [...BUILT_IN_HPARAMS];
  const base = BUILT_IN_HPARAMS[0] as HParams;
  for (let i = 1; sets.length * BUILT_IN_MODELS.length < count; i++) {
    sets.push({ ...structuredClone(base), id: `sweep-${i}`, name: `Sweep ${i} (lr ${(base.learningRate * (1 + i / 10)).toPrecision(3)})`, enabled: false, priority: 0, learningRate: base.learningRate * (1 + i / 10) });
  }
  return sets.flatMap((hparams) => BUILT_IN_MODELS.map((model) => ({ model, hparams }))).slice(0, count);
}

export function viewsRuns(dataset: DatasetRecord, options: ViewsSeedOptions, now: number): RunRecord[] {
  const random = seededRandom(7);
  const epochs = options.epochs ?? 20;
  return runPairs(options.runs).map(({ model, hparams }, i) => {
    const skill = 0.8 + 0.19 * random();
    const history: EpochStats[] = Array.from({ length: epochs }, (_, epoch) => {
      const reached = skill * (1 - Math.exp(-(epoch + 1) / 3));
      return { epoch, loss: 2.3 * (1 - reached) + 0.05, accuracy: reached, valLoss: 2.3 * (1 - reached) + 0.08, valAccuracy: reached - 0.01, seconds: 40, samplesPerSecond: 2100 };
    });
    const startedAt = now - (options.runs - i) * 900_000;
    return {
      id: runIdOf(dataset.id, model.id, hparams.id), datasetId: dataset.id, modelId: model.id, hparamsId: hparams.id,
      model: structuredClone(model), hparams: { ...structuredClone(hparams), epochs }, status: 'done', enqueuedAt: now - options.runs * 900_000 + i,
      startedAt, finishedAt: startedAt + epochs * 40_000, backend: 'webgpu', backendReason: 'WebGPU measured fastest for this model on this device.',
      history, checkpointEpoch: epochs - 1, testAccuracy: skill - 0.005,
      validation: { kind: 'split', fraction: 0.15, seed: hparams.seed, images: Math.round((dataset.counts.train?.total ?? 0) * 0.15) },
    };
  });
}

/** The analysis of each run, as the training worker stores it (createdAt after the run finished). */
export function viewsAnalyses(dataset: DatasetRecord, runs: readonly RunRecord[], testShard: ShardRecord): AnalysisRecord[] {
  const templates = Array.from({ length: ANALYSIS_TEMPLATES }, (_, t) => analysisTemplate(dataset, testShard, 0.8 + (0.19 * t) / ANALYSIS_TEMPLATES, t));
  return runs.map((run, i) => {
    const template = templates[i % templates.length] as Omit<AnalysisRecord, 'runId' | 'createdAt'>;
    return { ...structuredClone(template), runId: run.id, createdAt: (run.finishedAt ?? 0) + 5_000, parameters: 100_000 + i * 1_000 };
  });
}

/** Metrics of seeded predictions at about `accuracy` over the whole test split, failures drawn from the first shard. */
function analysisTemplate(dataset: DatasetRecord, shard: ShardRecord, accuracy: number, seed: number): Omit<AnalysisRecord, 'runId' | 'createdAt'> {
  const random = seededRandom(100 + seed);
  const count = dataset.counts.test?.total ?? 0;
  const classes = CLASSES.length;
  const labels = Uint16Array.from({ length: count }, (_, i) => shard.labels[i % shard.count] ?? 0);
  const values = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) {
    const right = random() < accuracy;
    const top = right ? (labels[i] ?? 0) : (((labels[i] ?? 0) + 1 + Math.floor(random() * (classes - 1))) % classes);
    const confidence = 0.5 + 0.5 * random();
    for (let k = 0; k < classes; k++) values[i * classes + k] = k === top ? confidence : (1 - confidence) / (classes - 1);
  }
  const summary = summariseTest({ values, count, classes }, labels, 24);
  const failure = (f: (typeof summary.confident)[number]): FailureCase => {
    const at = f.index % shard.count;
    return { ...f, path: shard.paths[at] ?? '', probabilities: Array.from(values.subarray(f.index * classes, (f.index + 1) * classes)), pixels: shard.pixels.slice(at * PIXELS, (at + 1) * PIXELS) };
  };
  return {
    datasetId: dataset.id, seconds: 4.2, shape: dataset.shape, classes: dataset.classes, parameters: 0, metrics: summary.metrics,
    confident: summary.confident.map(failure), spectacular: summary.spectacular.map(failure),
  };
}
