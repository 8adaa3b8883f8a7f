// The full analysis record as JSON for re-import (failure images as base64), and its checked parse.
import type { AnalysisRecord, FailureCase } from '../core/analysis';
import { analysisFileSchema } from '../core/analysis-schema';
import { parseWith } from '../core/record-schema';

type FailureJson = Omit<FailureCase, 'pixels'> & { pixels: string };

export function analysisFileText(record: AnalysisRecord): string {
  const failures = (list: FailureCase[]): FailureJson[] => list.map((f) => ({ ...f, pixels: toBase64(f.pixels) }));
  return JSON.stringify({ ...record, confident: failures(record.confident), spectacular: failures(record.spectacular) });
}

/** The analysis in `text`, checked against the schema the app writes, or a reason naming what is wrong with it. */
export function parseAnalysisFile(text: string, path: string): AnalysisRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${path}: not valid JSON`;
  }
  const file = parseWith(analysisFileSchema, value, path);
  if (typeof file === 'string') return file;
  const lists: FailureCase[][] = [];
  for (const key of ['confident', 'spectacular'] as const) {
    const cases: FailureCase[] = [];
    for (const item of file[key]) {
      const pixels = fromBase64(item.pixels);
      if (!pixels) return `${path}: a "${key}" failure image is not base64`;
      cases.push({ ...item, pixels });
    }
    lists.push(cases);
  }
  return { ...file, shape: file.shape as unknown as AnalysisRecord['shape'], confident: lists[0] ?? [], spectacular: lists[1] ?? [] };
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
