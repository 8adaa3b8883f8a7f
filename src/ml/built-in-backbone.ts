// The backbones the app ships (core/built-in-backbones.ts): fetched from the app's own files (precached by the
// service worker, so this works offline) the first time a run needs one, checked like an imported one, then stored.
import type { BackboneRecord } from '../core/backbone';
import { BUILT_IN_BACKBONES } from '../core/built-in-backbones';
import { backboneFromFiles, type BackboneFile } from './backbone-import';

export async function builtInBackbone(id: string, appBase: string): Promise<BackboneRecord | undefined> {
  const entry = BUILT_IN_BACKBONES.find((b) => b.slug === id);
  if (!entry) return undefined;
  const modelUrl = new URL(entry.path, appBase);
  const fetchBytes = async (url: URL): Promise<Uint8Array> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the built-in backbone ${entry.name} could not be read from ${url.pathname} (HTTP ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const modelJson = await fetchBytes(modelUrl);
  const manifest = (JSON.parse(new TextDecoder().decode(modelJson)) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  const files: BackboneFile[] = [{ path: 'model.json', bytes: modelJson }];
  for (const path of manifest.flatMap((group) => group.paths)) files.push({ path, bytes: await fetchBytes(new URL(path, modelUrl)) });
  return backboneFromFiles(entry.name, files, {
    id: entry.slug, featureLayer: entry.featureLayer, source: { licence: entry.licence, provenance: entry.provenance, builtIn: true },
  });
}
