// Backbones and the feature vectors computed with them. A backbone's features are keyed by the dataset's content
// id, the backbone and its feature layer, so the same data through the same layer is computed once.
import type { BackboneInfo, BackboneRecord } from '../core/backbone';
import type { Split } from '../core/types';
import type { CachedFeatures } from '../core/feature-cache';
import type { TrainyardDB } from './db';

export class BackboneStore {
  constructor(private readonly db: TrainyardDB) {}

  /** Every stored backbone without its weights. */
  async list(): Promise<BackboneInfo[]> {
    const out: BackboneInfo[] = [];
    for await (const cursor of this.db.transaction('backbones').store.iterate()) {
      const { artifacts: _weights, ...info } = cursor.value;
      out.push(info);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): Promise<BackboneRecord | undefined> {
    return this.db.get('backbones', id);
  }

  async put(record: BackboneRecord): Promise<void> {
    await this.db.put('backbones', record);
  }

  /** Another feature layer: the record changes and the features taken from the old one no longer match any key. */
  async setFeatureLayer(id: string, featureLayer: string): Promise<BackboneInfo | undefined> {
    const tx = this.db.transaction('backbones', 'readwrite');
    const record = await tx.store.get(id);
    const candidate = record?.featureCandidates.find((c) => c.name === featureLayer);
    if (!record || !candidate) return undefined;
    record.featureLayer = candidate.name;
    record.featureSize = candidate.size;
    await tx.store.put(record);
    await tx.done;
    const { artifacts: _weights, ...info } = record;
    return info;
  }

  /** Removes a backbone and every feature computed with it. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['backbones', 'features'], 'readwrite');
    await tx.objectStore('backbones').delete(id);
    let cursor = await tx.objectStore('features').index('byBackbone').openCursor(id);
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
}

export class FeatureStore {
  constructor(private readonly db: TrainyardDB) {}

  get(datasetId: string, backboneId: string, featureLayer: string, split: Split): Promise<CachedFeatures | undefined> {
    return this.db.get('features', [datasetId, backboneId, featureLayer, split]);
  }

  async put(record: CachedFeatures): Promise<void> {
    await this.db.put('features', record);
  }
}
