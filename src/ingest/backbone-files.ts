// The files of a backbone as a person gives them: a folder's files, loose files, or one .zip holding a model.json
// and its weight shards. Sizes are checked before anything is read or unpacked (a zip's declared sizes too).
import { formatSize } from '../core/input-budget';
import { unsafeZipPath } from '../core/zip-paths';
import { openZip } from '../core/zip-reader';

export interface NamedBytes {
  path: string;
  bytes: Uint8Array;
}

/** The most a backbone may take (weights of large ImageNet networks are ~100 MB; 512 MB leaves room). */
export const BACKBONE_MAX_BYTES = 512 * 1024 * 1024;

const isUseful = (path: string) => path.endsWith('model.json') || path.endsWith('.bin') || !path.includes('.');

/** A dropped or picked set of files (a folder's, or one zip) → their bytes, model.json and weights only. */
export async function backboneFiles(files: readonly File[]): Promise<NamedBytes[]> {
  if (files.length === 1 && /\.zip$/i.test((files[0] as File).name)) return unzipBackbone(files[0] as File);
  const wanted = files.filter((f) => isUseful(f.name));
  const total = wanted.reduce((n, f) => n + f.size, 0);
  if (total > BACKBONE_MAX_BYTES) throw new Error(`these files take ${formatSize(total)}, more than the ${formatSize(BACKBONE_MAX_BYTES)} a backbone may take`);
  return Promise.all(wanted.map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** The zip's model.json and weights, each within the budget its directory declares, CRC-checked (core/zip-reader.ts). */
async function unzipBackbone(file: File): Promise<NamedBytes[]> {
  const zip = await openZip(file).catch((e: unknown) => Promise.reject(new Error(`${file.name} is not a readable zip (${e instanceof Error ? e.message : String(e)})`)));
  const wanted = zip.entries.filter((e) => !e.dir && isUseful(e.name));
  const declared = wanted.reduce((n, e) => n + e.size, 0);
  if (declared > BACKBONE_MAX_BYTES) throw new Error(`${file.name} expands to ${formatSize(declared)}, more than the ${formatSize(BACKBONE_MAX_BYTES)} a backbone may take`);
  const out: NamedBytes[] = [];
  for (const entry of wanted) {
    const unsafe = unsafeZipPath(entry.name);
    if (unsafe) throw new Error(`${file.name}: refused, ${unsafe}`);
    const bytes = await zip.read(entry, BACKBONE_MAX_BYTES, 'a backbone file').catch((e: unknown) => Promise.reject(new Error(`${file.name}: ${entry.name} ${e instanceof Error ? e.message : String(e)}`)));
    out.push({ path: entry.name, bytes });
  }
  return out;
}
