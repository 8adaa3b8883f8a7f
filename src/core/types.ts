// Plain data shared by every layer: file entries, manifests, datasets, runs.

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** A file as the ingest sees it: a '/'-separated path relative to what the user gave us. */
export interface FileEntry {
  path: string;
  size: number;
}

/** A file that was not ingested, and why, in words a person can act on. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export type LayoutKind = 'csv' | 'class-split' | 'class-folders';

export interface ManifestItem {
  path: string;
  split: Split;
  label: string;
}

export interface Manifest {
  layout: LayoutKind;
  /** Folder prefix that wrapped everything (`my_data/`), or '' when none. */
  root: string;
  items: ManifestItem[];
  classes: string[];
  skipped: SkippedFile[];
  /** Set when the split was made by us (class folders without train/test). */
  split?: { testRatio: number; seed: number };
}

export type ImageShape = readonly [height: number, width: number, channels: 1 | 3];

export interface SplitCounts {
  /** Images per class index, in the order of `classes`. */
  perClass: number[];
  total: number;
}

export interface DatasetRecord {
  id: string;
  name: string;
  createdAt: number;
  layout: LayoutKind;
  shape: ImageShape;
  classes: string[];
  counts: Partial<Record<Split, SplitCounts>>;
  split?: { testRatio: number; seed: number };
  /** Bytes of pixels stored. */
  bytes: number;
  report: IngestReport;
  /** Where the pixel shards are; absent on datasets stored before chunked ingest (see core/shard-layout). */
  shardLayout?: ShardLayout;
}

/** Where a dataset's pixel shards live and how many images each one holds. */
export interface ShardLayout {
  /** The key the shards are stored under (for older datasets, their id). */
  key: string;
  store: 'indexeddb' | 'opfs';
  /** Images per shard, per split, in shard order. */
  counts: Partial<Record<Split, number[]>>;
}

/** One stored shard of a split: `count` images of the dataset's shape, their labels and paths. */
export interface ShardData {
  count: number;
  /** count × h × w × c bytes. */
  pixels: Uint8Array;
  /** Class index per image. */
  labels: Uint16Array;
  paths: string[];
}

export interface IngestReport {
  skipped: SkippedFile[];
  warnings: string[];
  /** Good images ingested. */
  images: number;
  /** Files looked at, good and bad. */
  files: number;
  seconds: number;
}
