// *Automatic*: before a model's first run on this device, times a few real training steps of it on each backend
// (WASM first, then real GPUs, plain JS only as a last resort, software adapters last and within a budget), picks
// by the rules in core/backend-decision.ts and remembers the pick per model signature and device.
import * as tf from '@tensorflow/tfjs';
import { decideBackend, TIE_FACTOR, type BackendMeasurement, type ProbeResult } from '../core/backend-decision';
import type { BackendName } from '../core/backend-name';
import { explainChoice, explainPlan } from '../core/backend-reason';
import { deviceKey, modelSignature, type DeviceFacts } from '../core/backend-signature';
import { formatDuration } from '../core/format';
import { PROBE_BUDGET, probeOrder, SOFTWARE_PROBE, softwareProbeMs } from '../core/probe-plan';
import type { BackendChoice } from './backend';
import { timeTrainingSteps, type ProbeWorkload } from './backend-probe';
import { surveyBackends, type SurveyedBackend, type Survey } from './backend-survey';
import type { RememberedChoice } from '../storage/backend-choices';

export interface RememberedChoices {
  get(device: string, signature: string): Promise<RememberedChoice | undefined>;
  put(device: string, signature: string, choice: RememberedChoice): Promise<void>;
  delete(device: string, signature: string): Promise<void>;
}

export interface AutoBackendOptions {
  /** Starts one backend and makes it active (chooseBackend with a one-backend order). */
  start(name: BackendName): Promise<BackendChoice>;
  remembered: RememberedChoices;
  device: Omit<DeviceFacts, 'adapters'>;
  survey?: () => Promise<Survey>;
}

/** The run to place, as the measuring needs it. */
export interface RunWorkload extends ProbeWorkload {
  runId: string;
  model: string;
  /** Training images per epoch, to tell how long the run will take. */
  trainCount: number;
}

export type BackendStatus =
  | { runId: string; phase: 'measuring'; model: string; timing: string; done: BackendMeasurement[] }
  | { runId: string; phase: 'chosen'; choice: BackendChoice };

export class AutoBackend {
  private surveyed: Promise<Survey> | undefined;
  private readonly started = new Map<BackendName, Promise<BackendChoice>>();

  constructor(private readonly options: AutoBackendOptions) {}

  survey(): Promise<Survey> {
    this.surveyed ??= (this.options.survey ?? surveyBackends)();
    return this.surveyed;
  }

  /** Before any run: the backend expected to win (a real GPU, else WASM), started, with what will be measured. */
  async initial(): Promise<BackendChoice> {
    const { available, notes } = await this.survey();
    const expected = available.find((b) => !b.software && b.name !== 'cpu' && b.name !== 'wasm') ?? available.find((b) => b.name === 'wasm') ?? available[0];
    if (!expected) throw new Error(`No tfjs backend can start here. ${notes.join(' ')}`);
    const choice = await this.use(expected.name);
    const measured = available.filter((b) => b.name !== 'cpu').map((b) => b.label);
    const reason = explainPlan(expected.label, measured, available.filter((b) => b.software).map((b) => b.label), notes);
    return { ...choice, reason };
  }

  /**
   * Forgets this run's remembered choice: called when the run failed on it, since a backend that breaks (a lost GPU
   * device, memory it cannot get) must not be reused without measuring again.
   */
  async forget(work: Pick<RunWorkload, 'layers' | 'shape' | 'classes' | 'hparams' | 'backbone'>): Promise<void> {
    const { available } = await this.survey();
    const signature = signatureOf(work);
    const device = deviceKey({ ...this.options.device, adapters: available.flatMap((b) => (b.adapter ? [b.adapter] : [])) });
    await this.options.remembered.delete(device, signature).catch(() => undefined);
  }

  /** The backend for this run: remembered for its model and this device, or measured now; it is left active. */
  async forRun(work: RunWorkload, onStatus?: (s: BackendStatus) => void): Promise<BackendChoice> {
    const { available, notes } = await this.survey();
    const signature = signatureOf(work);
    const device = deviceKey({ ...this.options.device, adapters: available.flatMap((b) => (b.adapter ? [b.adapter] : [])) });
    const remembered = await this.options.remembered.get(device, signature).catch(() => undefined);
    if (remembered && available.some((b) => b.name === remembered.name)) {
      const choice = await this.use(remembered.name).catch(() => undefined);
      if (choice) return this.announce(work, choice, remembered.why, remembered.measurements, notes, onStatus, remembered.measuredAt);
    }
    const measurements = await this.measure(work, available, onStatus);
    const decision = decideBackend(measurements);
    if (!decision) throw new Error(`No backend could train ${work.model} here. ${measurements.map((m) => `${m.label}: ${describe(m.result)}`).join('; ')}`);
    const choice = await this.use(decision.name);
    await this.options.remembered
      .put(device, signature, { name: decision.name, why: decision.why, measurements, model: work.model, batchSize: work.hparams.batchSize, measuredAt: Date.now() })
      .catch(() => undefined);
    return this.announce(work, choice, decision.why, measurements, notes, onStatus);
  }

  private announce(
    work: RunWorkload, choice: BackendChoice, why: string, measurements: BackendMeasurement[], notes: string[],
    onStatus: ((s: BackendStatus) => void) | undefined, rememberedFrom?: number,
  ): BackendChoice {
    const chosen = measurements.find((m) => m.name === choice.name)?.label ?? choice.name;
    const reason = explainChoice({
      chosen: `${chosen} (${choice.detail})`, why, model: work.model, batchSize: work.hparams.batchSize, measurements, notes,
      ...(rememberedFrom !== undefined ? { rememberedFrom } : {}),
    });
    const result: BackendChoice = { ...choice, reason, measurements, model: work.model };
    onStatus?.({ runId: work.runId, phase: 'chosen', choice: result });
    return result;
  }

  private async measure(work: RunWorkload, available: SurveyedBackend[], onStatus?: (s: BackendStatus) => void): Promise<BackendMeasurement[]> {
    const measurements: BackendMeasurement[] = [];
    let best: { rate: number; label: string } | undefined;
    /** What is left of the one budget every software adapter shares (set when the first one is reached). */
    let softwareLeft: number | undefined;
    let softwareProbed = false;
    for (const candidate of probeOrder(available.map((b) => ({ name: b.name, software: !!b.software })))) {
      const backend = available.find((b) => b.name === candidate.name) as SurveyedBackend;
      const record = (result: ProbeResult) => measurements.push({ name: backend.name, software: !!backend.software, label: backend.label, result });
      if (candidate.stage === 'last-resort' && best) {
        record({ kind: 'not-timed', why: 'plain JavaScript is timed only when nothing else trains' });
        continue;
      }
      if (candidate.stage === 'software') {
        const runSeconds = best ? (work.trainCount * work.hparams.epochs) / best.rate : 0;
        softwareLeft ??= softwareProbeMs(runSeconds);
        if (softwareLeft < SOFTWARE_PROBE.minMs) {
          const why = !best ? 'software adapter' : softwareProbed ? 'software adapter; the time for software probes was spent'
            : `software adapter; the whole run takes about ${formatDuration(runSeconds)} on ${best.label}`;
          record({ kind: 'not-timed', why });
          continue;
        }
      }
      onStatus?.({ runId: work.runId, phase: 'measuring', model: work.model, timing: backend.label, done: [...measurements] });
      const started = performance.now();
      const budgetMs = candidate.stage === 'software' ? (softwareLeft as number) : 0;
      const result = await this.use(backend.name).then(
        () => (budgetMs > 0 ? this.probeSoftware(work, budgetMs, best?.rate ?? 0) : timeTrainingSteps(work, { budget: PROBE_BUDGET, batchSize: work.hparams.batchSize, bestRate: best?.rate ?? 0 })),
        (error: unknown): ProbeResult => ({ kind: 'failed', why: error instanceof Error ? error.message : String(error) }),
      );
      if (budgetMs > 0) {
        softwareLeft = budgetMs - (performance.now() - started);
        softwareProbed = true;
      }
      record(result);
      if (result.kind === 'timed' && result.samplesPerSecond > (best?.rate ?? 0)) best = { rate: result.samplesPerSecond, label: backend.label };
    }
    return measurements;
  }

  /**
   * A software adapter within `ms`: first steps at batch 1 (compiling is most of their cost); a step at the run's
   * batch takes at least as long as the quickest of them, which bounds the run's rate from above. Only when that
   * bound could beat the best do steps at the run's batch follow, and only if they fit in what is left.
   */
  private async probeSoftware(work: RunWorkload, ms: number, bestRate: number): Promise<ProbeResult> {
    const started = performance.now();
    const batch = work.hparams.batchSize;
    const small = await timeTrainingSteps(work, { budget: { ...PROBE_BUDGET, minSteps: 2, maxSteps: 2 }, batchSize: 1, totalMs: ms, rateFrom: 'fastest' });
    if (small.kind !== 'timed' || batch === 1) return small;
    const atMost = small.samplesPerSecond * batch;
    const left = ms - (performance.now() - started);
    const fullStepMs = (1000 / small.samplesPerSecond) * batch;
    if (atMost <= bestRate * TIE_FACTOR || fullStepMs * 2 > left) return { kind: 'at-most', samplesPerSecond: atMost, batchSize: 1 };
    return timeTrainingSteps(work, { budget: { ...PROBE_BUDGET, maxSteps: 3 }, batchSize: batch, bestRate, totalMs: left });
  }

  /** Makes `name` the active backend, starting it the first time (tfjs keeps each backend once started). */
  private async use(name: BackendName): Promise<BackendChoice> {
    const started = this.started.get(name);
    if (!started) {
      const starting = this.options.start(name);
      this.started.set(name, starting);
      return starting;
    }
    const choice = await started;
    if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`${name} could not be made active again`);
    return choice;
  }
}

function signatureOf(work: Pick<RunWorkload, 'layers' | 'shape' | 'classes' | 'hparams' | 'backbone'>): string {
  const b = work.backbone;
  return modelSignature({
    layers: work.layers, inputShape: work.shape, classes: work.classes, batchSize: work.hparams.batchSize,
    ...(b ? { backbone: `${b.record.id}/${b.record.featureLayer}/${b.trainable}` } : {}),
  });
}

function describe(r: ProbeResult): string {
  return r.kind === 'failed' || r.kind === 'not-timed' ? r.why : `${Math.round(r.samplesPerSecond)} samples/s`;
}
