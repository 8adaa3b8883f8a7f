// A tfjs weights manifest read as plain data: each weight's declared shape and byte size, and a check of the
// weight files a user gave against what the manifest declares, before any byte is allocated as a tensor.

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  /** Bytes this weight takes in the weight data (quantized weights take their stored size). */
  bytes: number;
  /** The entry as the manifest wrote it, passed on to tfjs unchanged. */
  spec: Record<string, unknown>;
}

export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
  bytes: number;
}

const DTYPE_BYTES = new Map<string, number>([['float32', 4], ['int32', 4], ['bool', 1], ['complex64', 8], ['uint8', 1], ['uint16', 2], ['float16', 2]]);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `weightsManifest`; errors name the entry that is malformed. */
export function readManifest(manifest: unknown): { groups: WeightGroup[]; errors: string[] } {
  const errors: string[] = [];
  const groups: WeightGroup[] = [];
  if (!Array.isArray(manifest) || manifest.length === 0) return { groups, errors: ['model.json has no weightsManifest'] };
  for (const [g, raw] of manifest.entries()) {
    if (!isRecord(raw) || !Array.isArray(raw.paths) || !Array.isArray(raw.weights) || !raw.paths.every((p) => typeof p === 'string')) {
      errors.push(`weightsManifest[${g}] needs "paths" and "weights" lists`);
      continue;
    }
    const weights: WeightEntry[] = [];
    for (const w of raw.weights as unknown[]) {
      const entry = readWeight(w);
      if (typeof entry === 'string') errors.push(`weightsManifest[${g}]: ${entry}`);
      else weights.push(entry);
    }
    groups.push({ paths: raw.paths as string[], weights, bytes: weights.reduce((n, w) => n + w.bytes, 0) });
  }
  return { groups, errors };
}

function readWeight(w: unknown): WeightEntry | string {
  if (!isRecord(w) || typeof w.name !== 'string') return 'a weight without a name';
  const shape = w.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) return `weight ${w.name} has no valid shape`;
  const dtype = typeof w.dtype === 'string' ? w.dtype : '?';
  const stored = isRecord(w.quantization) && typeof w.quantization.dtype === 'string' ? w.quantization.dtype : dtype;
  const size = DTYPE_BYTES.get(stored);
  if (size === undefined) return `weight ${w.name} has dtype ${stored}, which a backbone cannot use`;
  const count = (shape as number[]).reduce((n, d) => n * d, 1);
  return { name: w.name, shape: shape as number[], dtype, bytes: count * size, spec: w };
}

export function countParams(groups: readonly WeightGroup[]): number {
  let n = 0;
  for (const g of groups) for (const w of g.weights) n += w.shape.reduce((a, d) => a * d, 1);
  return n;
}

/**
 * Each group's files must be there and add up to what its weights declare. tfjs shards a group into equal-sized
 * files with a shorter last one, so a wrong total is blamed on the first file that breaks that pattern.
 */
export function checkWeightFiles(groups: readonly WeightGroup[], files: ReadonlyMap<string, number>): string[] {
  const errors: string[] = [];
  for (const g of groups) {
    const missing = g.paths.filter((p) => !files.has(p));
    for (const p of missing) errors.push(`weights file ${p} is missing`);
    if (missing.length) continue;
    const sizes = g.paths.map((p) => files.get(p) ?? 0);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total === g.bytes) continue;
    const shard = sizes[0] ?? 0;
    let at = sizes.length - 1;
    for (let i = 0; i < sizes.length - 1; i++) if (sizes[i] !== shard) { at = i; break; }
    const expected = at < sizes.length - 1 ? shard : g.bytes - shard * (sizes.length - 1);
    const path = g.paths[at] ?? '?';
    errors.push(
      g.paths.length === 1
        ? `weights file ${path} has ${sizes[at]} bytes, but model.json declares ${g.bytes}`
        : `weights file ${path} has ${sizes[at]} bytes, but model.json declares ${Math.max(expected, 0)} (its group of ${g.paths.length} files declares ${g.bytes} in all, the files hold ${total})`,
    );
  }
  return errors;
}

/** The weight named `name`, if the manifest declares it. */
export function findWeight(groups: readonly WeightGroup[], name: string): WeightEntry | undefined {
  for (const g of groups) for (const w of g.weights) if (w.name === name) return w;
  return undefined;
}
