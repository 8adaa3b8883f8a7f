// The one IndexedDB database: its typed schema and its migrations.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetRecord, ShardLayout, Split } from '../core/types';
import type { LayersArtifacts } from '../core/model-artifacts';
import type { ModelSpec } from '../core/model-spec';
import type { HParams } from '../core/hparams';
import type { RunRecord } from '../core/run';
import { analysisSummaryOf, type AnalysisRecord, type AnalysisSummaryRecord } from '../core/analysis';
import type { BackboneRecord } from '../core/backbone';
import type { CachedFeatures, FeatureKey } from '../core/feature-cache';

export interface ShardRecord {
  datasetId: string;
  split: Split;
  index: number;
  count: number;
  /** count × h × w × c bytes, one per channel. */
  pixels: Uint8Array;
  /** Class index per image. */
  labels: Uint16Array;
  paths: string[];
}

/** tfjs ModelArtifacts kept as plain data (weights as one ArrayBuffer). */
export interface ArtifactRecord extends LayersArtifacts {
  runId: string;
  epoch: number;
  /** Optimizer state, so a resumed run continues where it stopped. */
  optimizerWeights?: { specs: unknown[]; data: ArrayBuffer };
}

export interface TrainyardSchema extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { byCreated: number } };
  shards: { key: [string, Split, number]; value: ShardRecord; indexes: { byDataset: string } };
  models: { key: string; value: ModelSpec };
  hparams: { key: string; value: HParams };
  runs: { key: string; value: RunRecord; indexes: { byDataset: string; byStatus: string } };
  artifacts: { key: string; value: ArtifactRecord };
  /** Small app-wide settings (the queue's pause and halving options), one record per key. */
  settings: { key: string; value: { key: string; value: unknown } };
  analyses: { key: string; value: AnalysisRecord; indexes: { byDataset: string } };
  /** A few numbers of each analysis, written with it: what the leaderboard and the queue read at start-up. */
  analysisSummaries: { key: string; value: AnalysisSummaryRecord };
  /** Pretrained image models imported (or shipped) as backbones, with their weights. */
  backbones: { key: string; value: BackboneRecord };
  features: { key: FeatureKey; value: CachedFeatures; indexes: { byDataset: string; byBackbone: string } };
  pendingImports: { key: string; value: PendingImport };
}

/**
 * An import under way: its shards are being written under `key` and no dataset refers to them yet. Written
 * before the first shard and deleted in the transaction that stores the dataset, so a record still here at
 * start-up, with no live import holding its lock, is a leftover.
 */
export interface PendingImport {
  key: string;
  name: string;
  store: ShardLayout['store'];
  started: number;
  /** Images and pixel bytes written so far (for the message when it is cleaned up). */
  images: number;
  bytes: number;
}

export type TrainyardDB = IDBPDatabase<TrainyardSchema>;
export const DB_NAME = 'trainyard';
export const DB_VERSION = 3;

export function openTrainyardDB(name = DB_NAME): Promise<TrainyardDB> {
  return openDB<TrainyardSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        db.createObjectStore('shards', { keyPath: ['datasetId', 'split', 'index'] }).createIndex('byDataset', 'datasetId');
        db.createObjectStore('models', { keyPath: 'id' });
        db.createObjectStore('hparams', { keyPath: 'id' });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byDataset', 'datasetId');
        runs.createIndex('byStatus', 'status');
        db.createObjectStore('artifacts', { keyPath: 'runId' });
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('analyses', { keyPath: 'runId' }).createIndex('byDataset', 'datasetId');
      }
      if (oldVersion < 2) {
        db.createObjectStore('backbones', { keyPath: 'id' });
        const features = db.createObjectStore('features', { keyPath: ['datasetId', 'backboneId', 'featureLayer', 'split'] });
        features.createIndex('byDataset', 'datasetId');
        features.createIndex('byBackbone', 'backboneId');
      }
      if (oldVersion < 3) {
        db.createObjectStore('pendingImports', { keyPath: 'key' });
        const summaries = db.createObjectStore('analysisSummaries', { keyPath: 'runId' });
        // Once, for the analyses stored before summaries existed.
        for await (const cursor of transaction.objectStore('analyses').iterate()) await summaries.put(analysisSummaryOf(cursor.value));
      }
    },
  });
}
