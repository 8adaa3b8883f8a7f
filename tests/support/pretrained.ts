// The pretrained networks that the `nsfwjs` package ships (MIT; MobileNetV2 fine-tuned from ImageNet), loaded in
// Node for tests as a user would drop them: a parsed model.json and its weight files by manifest name.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeBackboneRecord } from '../../src/core/backbone-record';
import type { BackboneRecord } from '../../src/core/backbone';

export type PretrainedName = 'mobilenet_v2' | 'mobilenet_v2_mid';

export interface PretrainedFiles {
  modelJson: Record<string, unknown>;
  weightFiles: Map<string, Uint8Array>;
}

const require = createRequire(import.meta.url);
// The package blocks subpath exports, so its files are required by absolute path.
const modelsDir = join(dirname(require.resolve('nsfwjs')), '..', 'models');

export function loadPretrained(name: PretrainedName): PretrainedFiles {
  const loaded: unknown = require(join(modelsDir, name, 'model.min.js'));
  const modelJson = structuredClone(loaded) as Record<string, unknown>;
  const weightFiles = new Map<string, Uint8Array>();
  for (const group of modelJson.weightsManifest as { paths: string[] }[]) {
    for (const path of group.paths) {
      const base64: unknown = require(join(modelsDir, name, `${path}.min.js`));
      if (typeof base64 !== 'string') throw new Error(`${name}/${path}.min.js is not a base64 string`);
      weightFiles.set(path, new Uint8Array(Buffer.from(base64, 'base64')));
    }
  }
  return { modelJson, weightFiles };
}

/** The record that importing the model would store. */
export function pretrainedRecord(name: PretrainedName): BackboneRecord {
  const { modelJson, weightFiles } = loadPretrained(name);
  const made = makeBackboneRecord(modelJson, weightFiles, {
    name: `nsfwjs ${name}`,
    createdAt: 0,
    source: { licence: 'MIT', provenance: 'npm nsfwjs 4.3.0', builtIn: false },
  });
  if (!made.ok) throw new Error(made.errors.join('; '));
  return made.record;
}
