// Checks a tfjs Layers `model.json` read from an archive: its shape, every weight file it names present and
// safely named, the weight bytes adding up to what the manifest declares (budgeted before any file is read),
// and every size its layers declare matching those weights (core/model-topology-check), before tfjs builds it.
import { formatSize, RUN_ENTRY_LIMIT } from '../core/input-budget';
import type { LayersArtifacts } from '../core/model-artifacts';
import { topologyProblem, type WeightShape } from '../core/model-topology-check';
import { unsafeZipPath } from '../core/zip-paths';

export type CheckedModel = LayersArtifacts;

// A Map: a dtype named `constructor` in someone's model.json must be unknown, not Object's own function.
const BYTES: ReadonlyMap<string, number> = new Map([['float32', 4], ['int32', 4], ['bool', 1], ['complex64', 8], ['uint8', 1], ['uint16', 2], ['float16', 2]]);

/** `read(path)` gives a file's bytes (relative to the model's folder) or undefined when it is absent. */
export async function checkModelJson(text: string, path: string, read: (file: string) => Promise<Uint8Array | undefined>): Promise<CheckedModel | string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${path}: not valid JSON`;
  }
  if (!isObject(json) || !isObject(json.modelTopology)) return `${path}: no "modelTopology" object, so this is not a tfjs Layers model`;
  if (!Array.isArray(json.weightsManifest) || json.weightsManifest.length === 0) return `${path}: no "weightsManifest" list`;
  const specs: unknown[] = [];
  const shapes: WeightShape[] = [];
  let expected = 0;
  for (const group of json.weightsManifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) return `${path}: a weightsManifest group lacks "paths" or "weights"`;
    for (const w of group.weights) {
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every((n) => Number.isInteger(n) && n >= 0)) return `${path}: a weight entry lacks a name or a shape`;
      const quantized = isObject(w.quantization) ? w.quantization.dtype : undefined;
      const size = BYTES.get(typeof quantized === 'string' ? quantized : String(w.dtype));
      if (!size) return `${path}: weight "${w.name}" has an unsupported dtype ${String(w.dtype)}`;
      expected += size * (w.shape as number[]).reduce((a, b) => a * b, 1);
      specs.push(w);
      shapes.push({ name: w.name, shape: w.shape as number[] });
    }
  }
  // Budgets before any weight file is read or any layer built.
  if (expected > RUN_ENTRY_LIMIT) return `${path}: its weights manifest declares ${formatSize(expected)} of weights, more than the ${formatSize(RUN_ENTRY_LIMIT)} allowed for one model`;
  const topology = topologyProblem(json.modelTopology, shapes);
  if (topology) return `${path}: ${topology}`;
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest as Record<string, unknown>[]) {
    for (const file of group.paths as unknown[]) {
      if (typeof file !== 'string') return `${path}: a weight file name is not text`;
      const unsafe = unsafeZipPath(file);
      if (unsafe) return `${path}: weight file ${unsafe}`;
      const bytes = await read(file);
      if (!bytes) return `${path}: names weight file ${file}, which is missing`;
      parts.push(bytes);
    }
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (total !== expected) return `${path}: the weight files hold ${total} bytes but the manifest declares ${expected}`;
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return {
    modelTopology: json.modelTopology, weightSpecs: specs, weightData: data.buffer,
    ...(typeof json.format === 'string' ? { format: json.format } : {}),
    ...(typeof json.generatedBy === 'string' ? { generatedBy: json.generatedBy } : {}),
    ...(typeof json.convertedBy === 'string' ? { convertedBy: json.convertedBy } : {}),
    ...(isObject(json.signature) ? { signature: json.signature } : {}),
    ...(isObject(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
  };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
