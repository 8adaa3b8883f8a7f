// Which backend trains a run, decided from measurements: the fastest timed one wins; one within 10 % of it that
// needs no GPU, or a real GPU rather than an emulated one, wins the tie. A probe that failed, ran out of its time
// budget or was not timed cannot win, and a bound from a smaller batch ("at most N samples/s") only reports.
import { backendLabel, type BackendName } from './backend-name';
import { formatRate } from './format';

export type ProbeResult =
  | { kind: 'timed'; samplesPerSecond: number; steps: number; /** Fewer steps than planned (stopped early or over budget). */ approximate: boolean }
  /** An upper bound: a step at `batchSize` (smaller than the run's) already took this long. */
  | { kind: 'at-most'; samplesPerSecond: number; batchSize: number }
  | { kind: 'not-timed'; why: string }
  | { kind: 'failed'; why: string };

export interface BackendMeasurement {
  name: BackendName;
  /** Emulated on the CPU (SwiftShader, llvmpipe…): counts as a CPU backend. */
  software: boolean;
  /** `WebGPU (SwiftShader)` for a software adapter, else `WebGPU`. */
  label: string;
  result: ProbeResult;
}

export interface BackendDecision {
  name: BackendName;
  /** One sentence: why this one. */
  why: string;
}

/** A backend within this factor of the fastest is a tie (so the pick is always at least 1/1.1 ≈ 0.91× the best). */
export const TIE_FACTOR = 1.1;

/**
 * Tie order: WASM first (no GPU driver to fault mid-run, the GPU left asleep and to the display, the steadiest
 * timings), then real GPUs, then plain JavaScript; software adapters after every real backend.
 */
const TIE_RANK: Readonly<Record<BackendName, number>> = { wasm: 0, webgpu: 1, webgl: 2, cpu: 3 };
const rank = (m: BackendMeasurement): number => TIE_RANK[m.name] + (m.software ? 10 : 0);

export function measurementLabel(name: BackendName, software: string | undefined): string {
  return software ? `${backendLabel(name)} (${software})` : backendLabel(name);
}

/** The backend to train on, or undefined when nothing was timed and nothing started. */
export function decideBackend(measurements: readonly BackendMeasurement[]): BackendDecision | undefined {
  const timed = measurements.filter((m) => m.result.kind === 'timed' && m.result.samplesPerSecond > 0);
  if (timed.length === 0) {
    const started = measurements.filter((m) => m.result.kind === 'not-timed').sort((a, b) => rank(a) - rank(b))[0];
    return started && { name: started.name, why: `nothing could be timed, so ${started.label} was taken as the likeliest to be fast.` };
  }
  const best = Math.max(...timed.map(rateOf));
  const fastest = timed.find((m) => rateOf(m) === best) as BackendMeasurement;
  const chosen = timed.filter((m) => rateOf(m) * TIE_FACTOR >= best).sort((a, b) => rank(a) - rank(b) || rateOf(b) - rateOf(a))[0] as BackendMeasurement;
  if (chosen === fastest) return { name: chosen.name, why: `${chosen.label} was the fastest.` };
  const percent = Math.round((1 - rateOf(chosen) / best) * 100);
  return { name: chosen.name, why: `${chosen.label} was within ${percent} % of ${fastest.label}, the fastest, and is preferred in a tie.` };
}

/** `WASM: 2,024 samples/s · WebGPU (SwiftShader): ≤ 160 samples/s (batch 1) · WebGL (SwiftShader): not timed (…)`. */
export function describeMeasurements(measurements: readonly BackendMeasurement[]): string {
  return measurements.map((m) => `${m.label}: ${describeResult(m.result)}`).join(' · ');
}

export function describeResult(r: ProbeResult): string {
  switch (r.kind) {
    case 'timed':
      return `${r.approximate ? '≈ ' : ''}${formatRate(r.samplesPerSecond, 'samples')}`;
    case 'at-most':
      return `at most ${formatRate(r.samplesPerSecond, 'samples')} (a batch of ${r.batchSize} alone took that long)`;
    case 'not-timed':
      return `not timed (${r.why})`;
    case 'failed':
      return `failed (${r.why})`;
  }
}

function rateOf(m: BackendMeasurement): number {
  return m.result.kind === 'timed' ? m.result.samplesPerSecond : 0;
}
