// The files of a backbone as a person gives them: a folder's files, loose files, or one .zip holding a model.json
// and its weight shards. Sizes are checked before anything is read or unpacked (a zip's declared sizes too).
import { unzip, type UnzipFileInfo } from 'fflate';
import { formatBytes } from '../core/format';

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
  if (total > BACKBONE_MAX_BYTES) throw new Error(`these files take ${formatBytes(total)}, more than the ${formatBytes(BACKBONE_MAX_BYTES)} a backbone may take`);
  return Promise.all(wanted.map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

async function unzipBackbone(file: File): Promise<NamedBytes[]> {
  const data = new Uint8Array(await file.arrayBuffer());
  let declared = 0;
  let refusal: string | undefined;
  const filter = (info: UnzipFileInfo): boolean => {
    if (info.name.endsWith('/') || !isUseful(info.name)) return false;
    declared += info.originalSize;
    if (declared > BACKBONE_MAX_BYTES) refusal ??= `${file.name} expands to more than the ${formatBytes(BACKBONE_MAX_BYTES)} a backbone may take (at ${info.name})`;
    return refusal === undefined;
  };
  const entries = await new Promise<Record<string, Uint8Array>>((resolve, reject) =>
    unzip(data, { filter }, (error, out) => (error ? reject(new Error(`${file.name} is not a readable zip (${error.message})`)) : resolve(out))));
  if (refusal) throw new Error(refusal);
  return Object.entries(entries).map(([path, bytes]) => ({ path, bytes }));
}
