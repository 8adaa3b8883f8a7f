// The full analysis record as JSON for re-import (failure images as base64), and its checked parse.
import type { AnalysisRecord, FailureCase } from '../core/analysis';

type FailureJson = Omit<FailureCase, 'pixels'> & { pixels: string };

export function analysisFileText(record: AnalysisRecord): string {
  const failures = (list: FailureCase[]): FailureJson[] => list.map((f) => ({ ...f, pixels: toBase64(f.pixels) }));
  return JSON.stringify({ ...record, confident: failures(record.confident), spectacular: failures(record.spectacular) });
}

/** The analysis in `text`, or a reason naming what is wrong with it. */
export function parseAnalysisFile(text: string, path: string): AnalysisRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${path}: not valid JSON`;
  }
  if (!isObject(value)) return `${path}: expected an object`;
  for (const key of ['runId', 'datasetId'] as const) if (typeof value[key] !== 'string') return `${path}: "${key}" must be a string`;
  if (typeof value.createdAt !== 'number') return `${path}: "createdAt" must be a number`;
  if (!Array.isArray(value.classes) || !value.classes.every((c) => typeof c === 'string')) return `${path}: "classes" must be a list of names`;
  if (!Array.isArray(value.shape) || value.shape.length !== 3) return `${path}: "shape" must be [height, width, channels]`;
  if (value.metrics !== undefined && (!isObject(value.metrics) || typeof value.metrics.accuracy !== 'number' || !Array.isArray(value.metrics.confusion))) {
    return `${path}: "metrics" is missing its accuracy or confusion matrix`;
  }
  const lists: FailureCase[][] = [];
  for (const key of ['confident', 'spectacular'] as const) {
    const list = value[key];
    if (!Array.isArray(list)) return `${path}: "${key}" must be a list`;
    const cases: FailureCase[] = [];
    for (const item of list) {
      if (!isObject(item) || typeof item.pixels !== 'string' || typeof item.index !== 'number') return `${path}: a "${key}" failure case is malformed`;
      const pixels = fromBase64(item.pixels);
      if (!pixels) return `${path}: a "${key}" failure image is not base64`;
      cases.push({ ...(item as unknown as FailureCase), pixels });
    }
    lists.push(cases);
  }
  return { ...(value as unknown as AnalysisRecord), confident: lists[0] ?? [], spectacular: lists[1] ?? [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
