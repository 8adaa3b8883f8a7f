// The GPU bench's summary: WebGPU samples/s per model × batch × variant beside PyTorch CUDA and CPU from the same
// run, the speed-up of each variant over 'stock', the correctness checks and the issue's targets. Pure: it reads
// parsed JSON lines (webgpu.jsonl, torch.jsonl) and returns numbers and text.

export interface SummaryRow {
  model: string;
  batch: number;
  variant: string;
  samplesPerSec: number | null;
  vsStock: number | null;
  torchCuda: number | null;
  vsTorchCuda: number | null;
  torchCpu: number | null;
  vsTorchCpu: number | null;
  gpuMsPerStep: number | null;
  kernelsPerStep: number | null;
  hostMsPerStep: number | null;
  /** Share of the step's GPU time in Conv2DBackpropFilter kernels (of those listed among the top kernels). */
  filterGradShare: number | null;
  note?: string;
}

export interface TargetResult { target: string; variant: string; value: number | null; ok: boolean }

export interface Summary {
  kind: 'summary';
  adapter: string | null;
  torchDevice: string | null;
  rows: SummaryRow[];
  checks: {
    variant: string; maxAbsLossDiff: number | null; stepsCompared: number | null; plannedSteps: number | null; ok: boolean;
    verdict: string; firstStepBeyondTolerance: number | null;
  }[];
  gradChecks: { variant: string; batch: number | null; maxRelGradDiff: number | null; lossRelDiff: number | null; ok: boolean; error?: string }[];
  targets: TargetResult[];
  problems: string[];
}

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? a / b : null);

/** Parses JSON lines, skipping anything that is not a JSON object (Dawn may print warnings into the same stream). */
export function parseJsonLines(text: string): Rec[] {
  const out: Rec[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isRec(v)) out.push(v);
    } catch {
      // a line cut off by a timeout: skip it
    }
  }
  return out;
}

export function summarize(webgpu: readonly Rec[], torch: readonly Rec[]): Summary {
  const problems: string[] = [];
  const adapter = webgpu.filter((r) => r.kind === 'adapter').at(-1);
  if (!adapter) problems.push('no adapter line: the WebGPU bench did not run (see run.log and bench.log)');
  else if (adapter.ok !== true) problems.push(`no usable WebGPU adapter: ${str(adapter.reason) ?? 'unknown reason'}`);
  for (const r of webgpu) {
    if (r.kind === 'fatal' || r.kind === 'abort' || (r.kind === 'backend' && r.ok !== true)) {
      problems.push(`${String(r.kind)}: ${str(r.error) ?? ''}${typeof r.during === 'string' ? ` (during ${r.during})` : ''}`);
    }
  }
  const torchEnv = torch.find((r) => r.kind === 'env');
  const torchRate = (mode: string, model: string, batch: number): number | null =>
    num(torch.find((r) => r.kind === 'train' && r.mode === mode && r.model === model && r.batch === batch)?.samplesPerSec);

  const trains = webgpu.filter((r) => r.kind === 'train' && typeof r.model === 'string' && typeof r.batch === 'number');
  const rows = trains.map((r): SummaryRow => {
    const model = r.model as string;
    const batch = r.batch as number;
    const variant = str(r.variant) ?? 'stock';
    const rate = num(r.samplesPerSec);
    const stock = num(trains.find((s) => s.model === model && s.batch === batch && s.variant === 'stock')?.samplesPerSec);
    const cuda = torchRate('cuda-fp32', model, batch);
    const cpu = torchRate('cpu', model, batch);
    const gpu = num(r.gpuMsPerStep);
    const note = str(r.error) ?? str(r.skipped) ?? (r.warmupOnly === true ? 'warm-up only' : undefined);
    return {
      model, batch, variant, samplesPerSec: rate, vsStock: ratio(rate, stock), torchCuda: cuda, vsTorchCuda: ratio(rate, cuda), torchCpu: cpu, vsTorchCpu: ratio(rate, cpu),
      gpuMsPerStep: gpu, kernelsPerStep: num(r.kernelsPerStep), hostMsPerStep: num(r.hostMsPerStep), filterGradShare: filterGradShare(r.topKernels, gpu),
      ...(note ? { note } : {}),
    };
  });
  const checks = webgpu.filter((r) => r.kind === 'check').map((r) => ({
    variant: str(r.variant) ?? '?', maxAbsLossDiff: num(r.maxAbsLossDiff), stepsCompared: num(r.stepsCompared), plannedSteps: num(r.plannedSteps), ok: r.ok === true,
    verdict: str(r.verdict) ?? (r.ok === true ? 'ok' : 'failed'), firstStepBeyondTolerance: num(r.firstStepBeyondTolerance),
  }));
  for (const c of checks) if (!c.ok) problems.push(`check failed for variant '${c.variant}' (largest loss difference ${c.maxAbsLossDiff ?? 'n/a'})`);
  const gradChecks = webgpu.filter((r) => r.kind === 'gradcheck').map((r) => {
    const error = str(r.error);
    return { variant: str(r.variant) ?? '?', batch: num(r.batch), maxRelGradDiff: num(r.maxRelGradDiff), lossRelDiff: num(r.lossRelDiff), ok: r.ok === true, ...(error ? { error } : {}) };
  });
  for (const g of gradChecks) {
    if (!g.ok) problems.push(`gradient check failed for variant '${g.variant}' at batch ${g.batch ?? '?'} (${g.error?.slice(0, 200) ?? `largest relative difference ${g.maxRelGradDiff ?? 'n/a'}`})`);
  }
  return {
    kind: 'summary', adapter: adapter ? str(adapter.description) ?? str(adapter.device) : null, torchDevice: torchEnv ? str(torchEnv.device) ?? (torchEnv.cuda === false ? 'no CUDA' : null) : null,
    rows, checks, gradChecks, targets: targets(rows), problems,
  };
}

function filterGradShare(top: unknown, gpuMs: number | null): number | null {
  if (!Array.isArray(top) || gpuMs === null || gpuMs <= 0) return null;
  const ms = top.filter(isRec).filter((k) => String(k.name).startsWith('Conv2DBackpropFilter ')).reduce((s, k) => s + (num(k.msPerStep) ?? 0), 0);
  return ms / gpuMs;
}

/** The issue's speed targets, per variant, where the run measured what they need. */
export function targets(rows: readonly SummaryRow[]): TargetResult[] {
  const out: TargetResult[] = [];
  const at = (model: string, batch: number) => rows.filter((r) => r.model === model && r.batch === batch);
  for (const r of at('cnn_model', 256)) {
    if (r.vsTorchCuda !== null) out.push({ target: 'cnn_model b256 ≥ 0.1× PyTorch CUDA fp32 (goal 0.3×)', variant: r.variant, value: r.vsTorchCuda, ok: r.vsTorchCuda >= 0.1 });
    if (r.filterGradShare !== null) out.push({ target: 'cnn_model b256 Conv2DBackpropFilter ≤ 1/3 of GPU time', variant: r.variant, value: r.filterGradShare, ok: r.filterGradShare <= 1 / 3 });
  }
  for (const r of at('cnn_model', 64)) {
    if (r.vsTorchCpu !== null) out.push({ target: 'cnn_model b64 faster than PyTorch CPU (all cores)', variant: r.variant, value: r.vsTorchCpu, ok: r.vsTorchCpu > 1 });
  }
  for (const r of at('mlp', 256)) {
    if (r.hostMsPerStep !== null) out.push({ target: 'mlp b256 host ms per step < 15', variant: r.variant, value: r.hostMsPerStep, ok: r.hostMsPerStep < 15 });
  }
  return out;
}

const fmt = (x: number | null, digits = 0): string => (x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** Ratios span 0.002× (tfjs on SwiftShader against PyTorch) to 50× (a fixed kernel against stock): two significant digits. */
const fmtRatio = (x: number | null): string => (x === null ? '-' : x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2));
const pad = (s: string, n: number, left = false): string => (left ? s.padEnd(n) : s.padStart(n));

/** A fixed-width table for the log and the device call's output, then checks, targets and problems. */
export function formatSummary(s: Summary): string {
  const head = ['model', 'batch', 'variant', 'samples/s', '×stock', 'torch-cuda', '×cuda', 'torch-cpu', '×cpu', 'gpu-ms/step', 'kernels', 'host-ms/step', 'filter-grad'];
  const widths = [14, 5, 16, 10, 7, 10, 7, 9, 6, 11, 7, 12, 11];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] as number, i === 0 || i === 2)).join(' ').trimEnd();
  const out = [`adapter: ${s.adapter ?? 'none'} · PyTorch device: ${s.torchDevice ?? 'none'}`, line(head)];
  for (const r of s.rows) {
    out.push(line([r.model, String(r.batch), r.variant, fmt(r.samplesPerSec), fmtRatio(r.vsStock), fmt(r.torchCuda), fmtRatio(r.vsTorchCuda), fmt(r.torchCpu), fmtRatio(r.vsTorchCpu),
      fmt(r.gpuMsPerStep, 2), fmt(r.kernelsPerStep), fmt(r.hostMsPerStep, 1), r.filterGradShare === null ? '-' : `${Math.round(r.filterGradShare * 100)}%`]) + (r.note ? `  (${r.note.slice(0, 80)})` : ''));
  }
  const exp = (x: number | null) => (x === null ? 'n/a' : x.toExponential(2));
  for (const g of s.gradChecks) {
    out.push(`gradients ${g.variant} batch ${g.batch ?? '?'}: largest difference from tfjs cpu, relative to each gradient's scale, ${exp(g.maxRelGradDiff)}; loss ${exp(g.lossRelDiff)} ${g.ok ? 'ok' : 'FAILED'}`);
  }
  for (const c of s.checks) {
    const word = c.verdict === 'drifted' ? `drifted from step ${c.firstStepBeyondTolerance ?? '?'} (Adam amplifying rounding; the gradient checks are the gate)` : c.ok ? 'ok' : 'FAILED';
    out.push(`check ${c.variant}: ${c.stepsCompared ?? 0} of ${c.plannedSteps ?? '?'} Adam steps compared, largest loss difference against tfjs cpu ${exp(c.maxAbsLossDiff)} ${word}`);
  }
  for (const t of s.targets) out.push(`target ${t.ok ? 'met   ' : 'missed'} ${t.variant}: ${t.target}: ${t.value === null ? 'n/a' : t.value.toFixed(3)}`);
  for (const p of s.problems) out.push(`problem: ${p}`);
  out.push(verdict(s));
  return out.join('\n');
}

/** One line to end on: how much was measured, whether the checks held, how many targets were met. */
export function verdict(s: Summary): string {
  const measured = s.rows.filter((r) => r.samplesPerSec !== null).length;
  const all = [...s.gradChecks, ...s.checks];
  const failed = [...new Set(all.filter((c) => !c.ok).map((c) => c.variant))];
  const checks = !all.length ? 'no check' : failed.length ? `check FAILED for ${failed.join(', ')}` : `checks ok (${all.length})`;
  const met = s.targets.filter((t) => t.ok).length;
  return `summary: ${measured} of ${s.rows.length} configurations measured · ${checks} · targets met ${met} of ${s.targets.length} · ${s.problems.length} problem(s)`;
}
