// How backends are measured for a run, as numbers and rules the measuring code follows: the order (WASM first as
// the baseline, real GPUs next, plain JS only as a last resort, software adapters last and only within a budget),
// how many steps make a timing, and when a probe has seen enough (it already lost) or ran out of time.
import type { BackendName } from './backend-name';

export interface ProbeBudget {
  /** Stop waiting for the first step (it compiles every kernel) after this long: the backend is "over budget". */
  warmupMs: number;
  /** Time steps until at least this long has passed… */
  timedMs: number;
  /** …and at least this many steps are done (one is enough when it alone took `longStepMs`), at most `maxSteps`. */
  minSteps: number;
  maxSteps: number;
  longStepMs: number;
  /** Stop once the timed steps so far run below the best rate divided by this: the backend has lost. */
  lostFactor: number;
}

export const PROBE_BUDGET: ProbeBudget = { warmupMs: 10_000, timedMs: 300, minSteps: 2, maxSteps: 10, longStepMs: 800, lostFactor: 3 };

/**
 * Software adapters are probed only when that costs little beside the run: together they get 5 % of the run's
 * expected time on the best backend so far, at most 8 s, and none is probed with under 4 s left (SwiftShader needs
 * 2–5 s to compile even a small model's kernels, measured here, so a shorter probe times nothing). So a run expected
 * to take under 80 s never waits for one.
 */
export const SOFTWARE_PROBE = { fractionOfRun: 0.05, minMs: 4_000, maxMs: 8_000 } as const;

export interface Candidate {
  name: BackendName;
  software: boolean;
}

export type ProbeStage = 'baseline' | 'gpu' | 'last-resort' | 'software';

/** The order to measure in, each with its stage: WASM, real GPUs, plain JS (only if nothing was timed), software adapters. */
export function probeOrder(candidates: readonly Candidate[]): (Candidate & { stage: ProbeStage })[] {
  const stageOf = (c: Candidate): ProbeStage => (c.software ? 'software' : c.name === 'wasm' ? 'baseline' : c.name === 'cpu' ? 'last-resort' : 'gpu');
  const order: readonly ProbeStage[] = ['baseline', 'gpu', 'last-resort', 'software'];
  return candidates.map((c) => ({ ...c, stage: stageOf(c) })).sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
}

/** Milliseconds a software adapter may be probed for, given the run's expected seconds on the best backend; 0: skip it. */
export function softwareProbeMs(expectedRunSeconds: number): number {
  if (!Number.isFinite(expectedRunSeconds) || expectedRunSeconds <= 0) return 0;
  const ms = Math.min(SOFTWARE_PROBE.maxMs, expectedRunSeconds * 1000 * SOFTWARE_PROBE.fractionOfRun);
  return ms >= SOFTWARE_PROBE.minMs ? ms : 0;
}

export type StepVerdict = 'more' | 'enough' | 'lost';

/**
 * After each timed step: time another, or stop because the timing is good enough, or because the backend already
 * runs below the best rate so far by `lostFactor` (more steps would not change the decision).
 */
export function afterStep(stepMs: readonly number[], batchSize: number, budget: ProbeBudget, bestRate = 0): StepVerdict {
  const elapsed = stepMs.reduce((a, b) => a + b, 0);
  const steps = stepMs.length;
  if (steps === 0) return 'more';
  if (bestRate > 0 && (steps * batchSize * 1000) / elapsed < bestRate / budget.lostFactor) return 'lost';
  if (steps >= budget.maxSteps) return 'enough';
  if (steps >= budget.minSteps && elapsed >= budget.timedMs) return 'enough';
  if (steps === 1 && elapsed >= budget.longStepMs) return 'enough';
  return 'more';
}

/** Samples per second over the timed steps. */
export function rateOfSteps(stepMs: readonly number[], batchSize: number): number {
  const elapsed = stepMs.reduce((a, b) => a + b, 0);
  return elapsed > 0 ? (stepMs.length * batchSize * 1000) / elapsed : 0;
}
