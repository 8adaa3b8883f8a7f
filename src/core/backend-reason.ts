// The sentences behind the backend badge: what Automatic measured for a model and why it chose what it chose,
// or, before any run, what it will measure.
import { describeMeasurements, type BackendMeasurement } from './backend-decision';

export interface ChoiceFacts {
  /** `WASM (1 thread, SIMD)`. */
  chosen: string;
  /** From decideBackend: `WASM was the fastest.` */
  why: string;
  model: string;
  batchSize: number;
  measurements: readonly BackendMeasurement[];
  /** When the choice was measured earlier and remembered. */
  rememberedFrom?: number;
  /** Backends that cannot start here, one sentence each. */
  notes: readonly string[];
}

export function explainChoice(f: ChoiceFacts): string {
  const when = f.rememberedFrom !== undefined ? ` (measured ${dateOf(f.rememberedFrom)} and remembered for this model on this device)` : '';
  return [
    `Automatic chose ${f.chosen} for ${f.model} at batch ${f.batchSize}${when}: ${f.why}`,
    `Measured: ${describeMeasurements(f.measurements)}.`,
    softwareNote(f.measurements.filter((m) => m.software).map((m) => m.label)),
    ...f.notes,
  ].filter(Boolean).join(' ');
}

/** Before the first run: what Automatic will do, and which backend it expects to win. */
export function explainPlan(expected: string, labels: readonly string[], softwareLabels: readonly string[], notes: readonly string[]): string {
  return [
    `Automatic: before a model's first run, a few of its training steps are timed on ${listOf(labels)}, and the fastest is remembered for that model on this device.`,
    softwareNote(softwareLabels),
    `Until then, ${expected} is expected to be fastest.`,
    ...notes,
  ].filter(Boolean).join(' ');
}

function softwareNote(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  const one = labels.length === 1;
  const what = one ? 'runs on a software adapter (a GPU emulated on the CPU), so it counts' : 'run on software adapters (GPUs emulated on the CPU), so they count';
  return `${listOf(labels)} ${what} as CPU: timed only briefly, after the others, and preferred last.`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
