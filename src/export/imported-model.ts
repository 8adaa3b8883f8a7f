// A bare tfjs Layers model (a model.json with its weights, not a Trainyard run) turned into a finished run of
// its own, so "Try this model" can predict images with it: input shape and class count read from its topology.
import type { AnalysisRecord } from '../core/analysis';
import { formatCount } from '../core/format';
import { ContentHash } from '../core/hash';
import { CLASS_LIMIT, modelInputProblem } from '../core/input-budget';
import type { RunRecord } from '../core/run';
import type { ImageShape } from '../core/types';
import type { ImportedRun } from './import-zip';
import { isObject, type CheckedModel } from './model-check';

export const IMPORTED_DATASET_ID = 'imported';

/** The model's `[h, w, c]` input and class count, or what stops it being tried on images. */
export function imageModelShape(topology: unknown, path: string): { shape: ImageShape; classes: number } | string {
  const config = isObject(topology) && isObject(topology.model_config) ? topology.model_config.config : isObject(topology) ? topology.config : undefined;
  const layers = isObject(config) && Array.isArray(config.layers) ? config.layers.filter(isObject) : [];
  const configs = layers.map((l) => (isObject(l.config) ? l.config : {}));
  const input = configs.map((c) => c.batch_input_shape ?? c.batch_shape).find(Array.isArray);
  if (!input) return `${path}: the model's input shape is not in its topology`;
  const [, h, w, c] = input as unknown[];
  if (input.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || (c !== 1 && c !== 3)) {
    return `${path}: the model takes input of shape [${input.map(String).join(', ')}]; only image models taking [batch, height, width, 1 or 3] can be tried on images`;
  }
  const tooLarge = modelInputProblem(h, w, c);
  if (tooLarge) return `${path}: ${tooLarge}, so it cannot be tried on images`;
  const units = configs.map((cfg) => cfg.units).filter((u): u is number => typeof u === 'number').at(-1);
  if (!units || units < 2) return `${path}: the model's last dense layer does not give one output per class`;
  // Each class becomes a stored name.
  if (units > CLASS_LIMIT) return `${path}: the model's last dense layer gives ${formatCount(units)} outputs, more than the ${formatCount(CLASS_LIMIT)} classes allowed`;
  return { shape: [h, w, c], classes: units };
}

/** A finished run and a test-less analysis for `model`, named after where it came from. */
export function importedModelRun(model: CheckedModel, name: string, path: string, now: number): ImportedRun | string {
  const found = imageModelShape(model.modelTopology, path);
  if (typeof found === 'string') return found;
  const id = `${IMPORTED_DATASET_ID}/${new ContentHash().updateText(JSON.stringify(model.modelTopology)).update(new Uint8Array(model.weightData)).digest()}`;
  const title = name.replace(/\.zip$/i, '');
  const run: RunRecord = {
    id, datasetId: IMPORTED_DATASET_ID, modelId: id, hparamsId: IMPORTED_DATASET_ID,
    model: { id, name: title, description: `A tfjs model imported from ${name}; images are scaled to 0–1 before it sees them.`, priority: 0, enabled: false, builtIn: false, layers: [] },
    hparams: { id: IMPORTED_DATASET_ID, name: 'imported', priority: 0, enabled: false, epochs: 1, batchSize: 1, optimizer: 'adam', learningRate: 0.001, seed: 0 },
    status: 'done', enqueuedAt: now, finishedAt: now, history: [], checkpointEpoch: 0,
  };
  const parameters = model.weightSpecs.reduce<number>((n, w) => n + (isObject(w) && Array.isArray(w.shape) ? (w.shape as number[]).reduce((a, b) => a * b, 1) : 0), 0);
  const analysis: AnalysisRecord = {
    runId: id, datasetId: IMPORTED_DATASET_ID, createdAt: now, seconds: 0, shape: found.shape, parameters,
    classes: Array.from({ length: found.classes }, (_, i) => String(i)),
    emptyMessage: `This model was imported without a dataset, so it has no test split to be measured on. Try it on images below (${found.shape[1]}×${found.shape[0]}, ${found.shape[2] === 1 ? 'gray' : 'colour'}).`,
    confident: [], spectacular: [],
  };
  return { run, artifacts: { runId: id, epoch: 0, ...model }, analysis };
}
