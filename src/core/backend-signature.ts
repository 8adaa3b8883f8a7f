// Keys under which a measured backend choice is remembered: the model's signature (what decides a training step's
// cost: layers, input shape, classes, batch size) and the device's (browser, cores, adapters, app version). Both are
// pure, so the same model on the same machine finds its earlier measurement and is not measured again.
import { ContentHash } from './hash';
import type { LayerSpec } from './model-spec';

export interface ModelWorkload {
  layers: readonly LayerSpec[];
  inputShape: readonly number[];
  classes: number;
  batchSize: number;
  /** A backbone run: the backbone, its feature layer and how many of its layers train (absent for other models). */
  backbone?: string;
}

export interface DeviceFacts {
  userAgent: string;
  cores: number;
  /** Whether the page is cross-origin isolated (WASM threads depend on it). */
  isolated: boolean;
  /** One line per GPU adapter seen (`webgpu google swiftshader`, `webgl ANGLE (…)`), in any order. */
  adapters: readonly string[];
  /** The app's and tfjs's versions: a new release may train at another speed. */
  versions?: string;
}

/**
 * Raised whenever our own kernels change a backend's speed (src/ml/kernels/), so choices measured with the old ones
 * are measured again even when no package version changed.
 */
export const KERNELS_GENERATION = 2;

/** 16 hex digits; the same for specs that differ only in key order. */
export function modelSignature(w: ModelWorkload): string {
  return new ContentHash().updateText(canonicalJson({ layers: w.layers, inputShape: w.inputShape, classes: w.classes, batchSize: w.batchSize, backbone: w.backbone })).digest();
}

export function deviceKey(d: DeviceFacts): string {
  const adapters = [...d.adapters].sort();
  return new ContentHash().updateText(canonicalJson({ ua: d.userAgent, cores: d.cores, isolated: d.isolated, adapters, versions: d.versions ?? '', kernels: KERNELS_GENERATION })).digest();
}

/** The settings key of one remembered choice. */
export function rememberedChoiceKey(device: string, signature: string): string {
  return `backend-choice/${device}/${signature}`;
}

/** JSON with object keys sorted at every depth (and undefined fields dropped, as JSON does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
