// The backbones the studio knows: those stored (imported, or shipped and already used) and those shipped with the
// app but not fetched yet. Importing one goes through the training worker, which checks and runs it before storing.
import type { Remote } from 'comlink';
import type { BackboneInfo } from '../core/backbone';
import { BUILT_IN_BACKBONES, type BuiltInBackbone } from '../core/built-in-backbones';
import type { BackboneStore } from '../storage/backbones';
import { backboneFiles } from '../ingest/backbone-files';
import type { TrainWorkerApi } from '../../workers/train.worker';

/** A backbone as the catalog lists it. */
export interface BackboneEntry {
  id: string;
  name: string;
  featureSize: number;
  format: BackboneInfo['format'];
  /** Present once stored. */
  info?: BackboneInfo;
  builtIn?: BuiltInBackbone;
}

export class Backbones {
  entries = $state.raw<BackboneEntry[]>([]);
  importing = $state(false);
  message = $state<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);

  constructor(private readonly store: BackboneStore, private readonly worker: () => Remote<TrainWorkerApi>) {}

  async load(): Promise<void> {
    const stored = await this.store.list();
    const storedIds = new Set(stored.map((b) => b.id));
    this.entries = [
      ...stored.map((info) => ({ id: info.id, name: info.name, featureSize: info.featureSize, format: info.format, info, ...builtInOf(info.id) })),
      ...BUILT_IN_BACKBONES.filter((b) => !storedIds.has(b.slug)).map((b) => ({ id: b.slug, name: b.name, featureSize: b.featureSize, format: b.format, builtIn: b })),
    ];
  }

  /** Feature size per backbone id, for checking heads. */
  featureSizes(): Map<string, number> {
    return new Map(this.entries.map((e) => [e.id, e.featureSize]));
  }

  async import(files: readonly File[]): Promise<BackboneInfo | undefined> {
    if (files.length === 0) return undefined;
    const name = nameOf(files);
    this.importing = true;
    this.message = undefined;
    try {
      const info = await this.worker().addBackbone(name, await backboneFiles(files));
      this.message = { kind: 'ok', text: `${info.name} is stored: ${info.inputSize.width}×${info.inputSize.height} input, ${info.featureSize.toLocaleString('en-US')} features from ${info.featureLayer}.` };
      await this.load();
      return info;
    } catch (error) {
      this.message = { kind: 'error', text: `${name} was not stored: ${error instanceof Error ? error.message : String(error)}` };
      return undefined;
    } finally {
      this.importing = false;
    }
  }

  async setFeatureLayer(id: string, layer: string): Promise<void> {
    await this.store.setFeatureLayer(id, layer);
    await this.load();
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    await this.load();
  }
}

function builtInOf(id: string): { builtIn?: BuiltInBackbone } {
  const builtIn = BUILT_IN_BACKBONES.find((b) => b.slug === id);
  return builtIn ? { builtIn } : {};
}

/** The folder's name, or the zip's without its extension, or the model.json's folder. */
function nameOf(files: readonly File[]): string {
  const first = files[0] as File;
  const folder = first.webkitRelativePath.split('/')[0];
  if (folder && first.webkitRelativePath.includes('/')) return folder;
  return first.name.replace(/\.zip$/i, '').replace(/^model\.json$/, 'Imported backbone');
}
