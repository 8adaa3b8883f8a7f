// The one schema of a run record, as the app stores it and writes it into trainyard/run.json: the import
// checks a file against it, and a test checks that every run the app writes passes it. Measured numbers
// may be NaN (written as null by JSON); text a view or an export needs is required or given a default.
import type { HParams } from './hparams';
import type { BackboneUse, DataKind, LayerSpec } from './model-spec';
import {
  finiteNumber, flag, list, measured, nonEmptyText, object, objectOf, oneOf, optional, parseWith, refine, text, wholeNumber, withDefault,
  type Check, type Infer,
} from './record-schema';
import type { EpochStats, RunDatasetInfo, RunRecord, RunStatus } from './run';
import type { ImageShape } from './types';
import type { RunValidation } from './run-validation';

const STATUSES: RunStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'pruned'];
const DATA_KINDS: DataKind[] = ['any', 'photos', 'small'];

export const epochSchema = object({
  epoch: wholeNumber(0, 100_000),
  loss: measured,
  accuracy: measured,
  valLoss: measured,
  valAccuracy: measured,
  seconds: measured,
  samplesPerSecond: measured,
});

export const modelSpecSchema = object({
  id: nonEmptyText,
  name: text,
  description: withDefault(text, ''),
  priority: withDefault(finiteNumber, 0),
  enabled: withDefault(flag, false),
  builtIn: withDefault(flag, false),
  backbone: optional(object({ id: nonEmptyText, trainable: wholeNumber(0, 10_000) }) satisfies Check<BackboneUse>),
  data: optional(oneOf(...DATA_KINDS)),
  // Each layer's options are checked by checkSpec when a model is built from them.
  layers: list(objectOf<LayerSpec>('a layer'), 10_000),
});

const hparamsSchema = object({
  id: nonEmptyText,
  name: text,
  priority: withDefault(finiteNumber, 0),
  enabled: withDefault(flag, false),
  epochs: wholeNumber(1, 100_000),
  batchSize: wholeNumber(1, 1_000_000),
  optimizer: oneOf('adam', 'sgd', 'rmsprop'),
  learningRate: finiteNumber,
  momentum: optional(finiteNumber),
  schedule: optional(objectOf<NonNullable<HParams['schedule']>>('a learning-rate schedule')),
  validation: optional(objectOf<NonNullable<HParams['validation']>>('a validation choice')),
  patience: optional(wholeNumber(0)),
  weightDecay: optional(finiteNumber),
  augment: optional(object({ flip: flag, shift: wholeNumber(0, 1000) })),
  seed: wholeNumber(0),
});

const validationSchema = objectOf<RunValidation>('what the run validated on');

const shapeList = refine(list(wholeNumber(1, 100_000), 3), (s) => (s.length === 3 && (s[2] === 1 || s[2] === 3) ? undefined : '[height, width, 1 or 3]'));
export const imageShapeSchema: Check<ImageShape> = (value, at) => {
  const [height, width, channels] = shapeList(value, at) as [number, number, number];
  return [height, width, channels === 1 ? 1 : 3];
};

export const runDatasetInfoSchema = object({
  name: nonEmptyText,
  shape: imageShapeSchema,
  classes: list(text, 100_000),
}) satisfies Check<RunDatasetInfo>;

export const runSchema = object({
  id: nonEmptyText,
  datasetId: nonEmptyText,
  modelId: nonEmptyText,
  hparamsId: nonEmptyText,
  model: modelSpecSchema,
  hparams: hparamsSchema,
  status: oneOf(...STATUSES),
  enqueuedAt: finiteNumber,
  startedAt: optional(finiteNumber),
  finishedAt: optional(finiteNumber),
  backend: optional(text),
  backendReason: optional(text),
  history: list(epochSchema),
  checkpointEpoch: wholeNumber(-1),
  testAccuracy: optional(measured),
  validation: optional(validationSchema),
  error: optional(text),
  pinnedAt: optional(finiteNumber),
  rung: optional(wholeNumber(0)),
  waiting: optional(flag),
  datasetInfo: optional(runDatasetInfoSchema),
});

// The schema gives exactly the stored types: a field added to one and not the other fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRun: Same<Infer<typeof runSchema>, RunRecord> = true;
const sameEpoch: Same<Infer<typeof epochSchema>, EpochStats> = true;
void sameRun;
void sameEpoch;

/** The run record in `text`, or one sentence saying what is wrong with it; only finished runs are taken. */
export function parseRunRecord(json: string, path: string): RunRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return `${path} is not valid JSON`;
  }
  const run = parseWith(runSchema, value, path);
  if (typeof run === 'string') return run;
  if (run.status !== 'done') return `${path}: the run is ${run.status}; only finished runs can be imported`;
  return run;
}
