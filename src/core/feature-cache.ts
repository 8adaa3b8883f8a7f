// Cached backbone features: one record per dataset split × backbone × feature layer. The dataset id is the hash of
// its content, so the same images through the same layer are computed once and reused by every head.
import type { Split } from './types';

export interface CachedFeatures {
  datasetId: string;
  backboneId: string;
  /** The backbone's feature layer they were taken from (choosing another computes them again). */
  featureLayer: string;
  split: Split;
  count: number;
  size: number;
  /** count × size floats, in the split's image order. */
  values: Float32Array;
  labels: Uint16Array;
  /** Where and how fast they were computed, for the report. */
  backend: string;
  seconds: number;
  createdAt: number;
}

export type FeatureKey = [datasetId: string, backboneId: string, featureLayer: string, split: Split];

export function featureKey(f: Pick<CachedFeatures, 'datasetId' | 'backboneId' | 'featureLayer' | 'split'>): FeatureKey {
  return [f.datasetId, f.backboneId, f.featureLayer, f.split];
}
