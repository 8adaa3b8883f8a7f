// A checked model.json and its weight files turned into the record that is stored: tfjs artifacts (weights
// concatenated in manifest order) and the backbone's info, with the best feature candidate chosen.
import { inspectBackbone, type BackboneArtifacts, type BackboneRecord } from './backbone';
import { isRecord } from './backbone-weights';
import { ContentHash } from './hash';

export interface BackboneMeta {
  name: string;
  createdAt: number;
  source?: BackboneRecord['source'];
  /** A candidate name other than the best one. */
  featureLayer?: string;
}

/** `modelJson` as text (hashed as given) or parsed; `weightFiles` by the names the manifest lists. */
export function makeBackboneRecord(
  modelJson: string | unknown,
  weightFiles: ReadonlyMap<string, Uint8Array>,
  meta: BackboneMeta,
): { ok: true; record: BackboneRecord; notes: string[] } | { ok: false; errors: string[] } {
  let parsed: unknown = modelJson;
  if (typeof modelJson === 'string') {
    try {
      parsed = JSON.parse(modelJson);
    } catch {
      return { ok: false, errors: ['model.json is not JSON'] };
    }
  }
  const sizes = new Map([...weightFiles].map(([name, bytes]) => [name, bytes.byteLength]));
  const check = inspectBackbone(parsed, sizes);
  if (!check.ok) return check;
  const json = parsed as Record<string, unknown>;
  const chosen = check.featureCandidates.find((c) => c.name === meta.featureLayer) ?? check.featureCandidates[0];
  if (!chosen) return { ok: false, errors: ['no feature vector found'] };
  if (meta.featureLayer !== undefined && chosen.name !== meta.featureLayer) {
    return { ok: false, errors: [`${meta.featureLayer} is not one of the feature layers found (${check.featureCandidates.map((c) => c.name).join(', ')})`] };
  }
  const weightData = new Uint8Array(check.bytes);
  const hash = new ContentHash().updateText(typeof modelJson === 'string' ? modelJson : JSON.stringify(modelJson));
  let at = 0;
  for (const path of check.weightPaths) {
    const bytes = weightFiles.get(path) as Uint8Array;
    weightData.set(bytes, at);
    hash.update(bytes);
    at += bytes.byteLength;
  }
  const meta0 = isRecord(json.userDefinedMetadata) ? json.userDefinedMetadata : undefined;
  const artifacts: BackboneArtifacts = {
    format: check.format,
    modelTopology: json.modelTopology,
    weightSpecs: (json.weightsManifest as { weights: unknown[] }[]).flatMap((g) => g.weights),
    weightData: weightData.buffer,
    ...(json.signature !== undefined || meta0?.signature !== undefined ? { signature: json.signature ?? meta0?.signature } : {}),
    ...(meta0 ? { userDefinedMetadata: meta0 } : {}),
    ...(json.modelInitializer !== undefined ? { modelInitializer: json.modelInitializer } : {}),
  };
  const record: BackboneRecord = {
    id: hash.digest(),
    name: meta.name,
    format: check.format,
    inputSize: check.inputSize,
    pixelRange: check.pixelRange,
    featureLayer: chosen.name,
    featureSize: chosen.size,
    featureCandidates: check.featureCandidates,
    trunkLayers: check.trunkLayersOf(chosen.name),
    params: check.params,
    bytes: check.bytes,
    createdAt: meta.createdAt,
    ...(meta.source ? { source: meta.source } : {}),
    artifacts,
  };
  return { ok: true, record, notes: check.notes };
}
