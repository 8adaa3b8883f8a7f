// A backbone from the files a person gives (a tfjs model.json and its weight shards, from a folder or a zip):
// checked before anything is allocated (core/backbone.ts), then loaded and run once on a blank image, so a model
// that cannot give features is refused with its reason and nothing is stored.
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../core/backbone';
import { makeBackboneRecord } from '../core/backbone-record';
import { loadBackbone } from './backbone/load-backbone';

export interface BackboneFile {
  /** The path inside the folder or zip; only the file name matters for weight shards. */
  path: string;
  bytes: Uint8Array;
}

export interface BackboneSource {
  licence: string;
  provenance: string;
  builtIn: boolean;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The files as a checked backbone record; throws an Error whose message says what is wrong. */
export async function backboneFromFiles(name: string, files: readonly BackboneFile[], options: { id?: string; source?: BackboneSource; featureLayer?: string } = {}): Promise<BackboneRecord> {
  const jsons = files.filter((f) => baseName(f.path) === 'model.json');
  if (jsons.length === 0) throw new Error('there is no model.json (a tfjs model is a model.json with its weight files)');
  if (jsons.length > 1) throw new Error(`there are ${jsons.length} model.json files: give one model at a time`);
  const modelJsonFile = jsons[0] as BackboneFile;
  const folder = modelJsonFile.path.slice(0, modelJsonFile.path.length - 'model.json'.length);
  const byName = new Map<string, Uint8Array>();
  for (const f of files) if (f !== modelJsonFile && f.path.startsWith(folder)) byName.set(f.path.slice(folder.length), f.bytes);
  const made = makeBackboneRecord(new TextDecoder().decode(modelJsonFile.bytes), byName, {
    name, createdAt: Date.now(), ...(options.source ? { source: options.source } : {}), ...(options.featureLayer ? { featureLayer: options.featureLayer } : {}),
  });
  if (!made.ok) throw new Error(made.errors.join('; '));
  const record = options.id ? { ...made.record, id: options.id } : made.record;
  await checkRuns(record);
  return record;
}

/** Loads the backbone and takes the features of one grey image: they must be `featureSize` finite numbers. */
async function checkRuns(record: BackboneRecord): Promise<void> {
  let backbone: Awaited<ReturnType<typeof loadBackbone>> | undefined;
  try {
    backbone = await loadBackbone(record);
    const loaded = backbone;
    const features = tf.tidy(() => loaded.features(tf.fill([1, record.inputSize.height, record.inputSize.width, 3], 0.5) as tf.Tensor4D));
    const values = await features.data();
    features.dispose();
    if (values.length !== record.featureSize) throw new Error(`its feature layer ${record.featureLayer} gave ${values.length} numbers, not ${record.featureSize}`);
    if (!values.every(Number.isFinite)) throw new Error(`its feature layer ${record.featureLayer} gave numbers that are not finite`);
  } catch (error) {
    throw new Error(`it did not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    backbone?.dispose();
  }
}
