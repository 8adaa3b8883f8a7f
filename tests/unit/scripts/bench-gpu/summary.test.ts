import { describe, expect, it } from 'vitest';
import { formatSummary, parseJsonLines, summarize } from '../../../../scripts/bench-gpu/summary';

const adapter = { kind: 'adapter', ok: true, description: 'NVIDIA H100 80GB HBM3' };
const torch = [
  { kind: 'env', cuda: true, device: 'NVIDIA H100 80GB HBM3' },
  { kind: 'train', impl: 'pytorch', mode: 'cuda-fp32', model: 'cnn_model', batch: 256, samplesPerSec: 77_279 },
  { kind: 'train', impl: 'pytorch', mode: 'cpu', model: 'cnn_model', batch: 256, samplesPerSec: 3_531 },
  { kind: 'train', impl: 'pytorch', mode: 'cpu', model: 'cnn_model', batch: 64, samplesPerSec: 2_462 },
];
const train = (variant: string, model: string, batch: number, extra: object) => ({ kind: 'train', impl: 'trainyard-train', model, batch, variant, ...extra });

describe('GPU bench summary', () => {
  it('puts each variant beside PyTorch CUDA and CPU from the same run, with its speed-up over stock', () => {
    const s = summarize([adapter, train('stock', 'cnn_model', 256, { samplesPerSec: 1_306 }), train('kernels', 'cnn_model', 256, { samplesPerSec: 13_060 })], torch);
    const [stock, kernels] = s.rows;
    expect(stock).toMatchObject({ variant: 'stock', torchCuda: 77_279, torchCpu: 3_531, vsStock: 1 });
    expect(stock!.vsTorchCuda).toBeCloseTo(1_306 / 77_279, 6);
    expect(kernels!.vsStock).toBeCloseTo(10, 9);
    expect(kernels!.vsTorchCpu).toBeCloseTo(13_060 / 3_531, 6);
    expect(s.adapter).toBe('NVIDIA H100 80GB HBM3');
    expect(s.torchDevice).toBe('NVIDIA H100 80GB HBM3');
    expect(s.problems).toEqual([]);
  });

  it("judges the issue's targets per variant, only where the run measured what they need", () => {
    const top = [{ name: 'Conv2DBackpropFilter [256,28,28,1] [256,28,28,32]', calls: 1, msPerStep: 80 }, { name: 'Conv2DBackpropFilter [256,28,28,32] [256,26,26,32]', calls: 1, msPerStep: 67 }];
    const s = summarize([
      adapter,
      train('stock', 'cnn_model', 256, { samplesPerSec: 1_306, gpuMsPerStep: 178, topKernels: top }),
      train('kernels', 'cnn_model', 256, { samplesPerSec: 9_000, gpuMsPerStep: 20, topKernels: [{ name: 'Conv2DBackpropFilter [256,28,28,1] [256,28,28,32]', calls: 1, msPerStep: 4 }] }),
      train('stock', 'cnn_model', 64, { samplesPerSec: 556 }),
      train('stock', 'mlp', 256, { samplesPerSec: 2_300, hostMsPerStep: 95 }),
    ], torch);
    const verdict = (variant: string, start: string) => s.targets.find((t) => t.variant === variant && t.target.startsWith(start));
    expect(verdict('stock', 'cnn_model b256 ≥ 0.1×')).toMatchObject({ ok: false });
    expect(verdict('kernels', 'cnn_model b256 ≥ 0.1×')).toMatchObject({ ok: true });
    expect(verdict('stock', 'cnn_model b256 Conv2DBackpropFilter')!.value).toBeCloseTo(147 / 178, 6);
    expect(verdict('kernels', 'cnn_model b256 Conv2DBackpropFilter')).toMatchObject({ ok: true, value: 0.2 });
    expect(verdict('stock', 'cnn_model b64 faster than PyTorch CPU')).toMatchObject({ ok: false });
    expect(verdict('stock', 'mlp b256 host ms')).toMatchObject({ ok: false, value: 95 });
    // PyTorch measured no mlp, so no target compares the MLP with it
    expect(s.targets.filter((t) => t.variant === 'kernels')).toHaveLength(2);
  });

  it('names a missing adapter, a failed check and a crash as problems', () => {
    const s = summarize([
      { kind: 'adapter', ok: false, reason: 'Dawn found no adapter' },
      { kind: 'check', variant: 'stock', ok: false, maxAbsLossDiff: 0.3 },
      { kind: 'fatal', error: 'device lost', during: 'train cnn_model b256 stock' },
    ], []);
    expect(s.problems).toEqual(['no usable WebGPU adapter: Dawn found no adapter', 'fatal: device lost (during train cnn_model b256 stock)', "check failed for variant 'stock' (largest loss difference 0.3)"]);
    expect(s.torchDevice).toBeNull();
  });

  it('prints the gradient checks, and an Adam trajectory that drifted late as drifted, not as a problem', () => {
    const s = summarize([
      adapter,
      { kind: 'gradcheck', variant: 'all', batch: 256, ok: true, maxRelGradDiff: 3e-6, lossRelDiff: 1e-7 },
      { kind: 'gradcheck', variant: 'kernels', batch: 256, ok: false, maxRelGradDiff: 0.02, lossRelDiff: 1e-7 },
      { kind: 'check', variant: 'all', ok: true, verdict: 'drifted', maxAbsLossDiff: 3.7e-3, firstStepBeyondTolerance: 21, stepsCompared: 30, plannedSteps: 30 },
    ], torch);
    expect(s.problems).toEqual(["gradient check failed for variant 'kernels' at batch 256 (largest relative difference 0.02)"]);
    const text = formatSummary(s);
    expect(text).toContain("gradients all batch 256: largest difference from tfjs cpu, relative to each gradient's scale, 3.00e-6; loss 1.00e-7 ok");
    expect(text).toContain('check all: 30 of 30 Adam steps compared, largest loss difference against tfjs cpu 3.70e-3 drifted from step 21 (Adam amplifying rounding; the gradient checks are the gate)');
    expect(text.split('\n').at(-1)).toContain('check FAILED for kernels');
  });

  it('reads JSON lines among warnings and skips a line cut off by a timeout', () => {
    const lines = parseJsonLines('Warning: something from Dawn\n{"kind":"env"}\n[1,2]\n{"kind":"train","model":"mlp"\n');
    expect(lines).toEqual([{ kind: 'env' }]);
  });

  it('prints one table row per measurement, the checks and the targets', () => {
    const text = formatSummary(summarize([
      adapter, train('stock', 'cnn_model', 256, { samplesPerSec: 1_306, gpuMsPerStep: 178.3, kernelsPerStep: 375, hostMsPerStep: 52.1 }),
      train('stock', 'mlp', 64, { skipped: 'time budget' }), { kind: 'check', variant: 'stock', ok: true, maxAbsLossDiff: 7.4e-6, stepsCompared: 30, plannedSteps: 30 },
    ], torch));
    const rows = text.split('\n');
    expect(rows.find((r) => r.startsWith('cnn_model'))).toMatch(/256 stock\s+1,306\s+1\.0\s+77,279\s+0\.017\s+3,531\s+0\.37\s+178\.30\s+375\s+52\.1/);
    expect(rows.find((r) => r.startsWith('mlp'))).toContain('(time budget)');
    expect(text).toContain('check stock: 30 of 30 Adam steps compared, largest loss difference against tfjs cpu 7.40e-6 ok');
    expect(text).toContain('target missed stock: cnn_model b256 ≥ 0.1× PyTorch CUDA fp32 (goal 0.3×): 0.017');
    expect(rows.at(-1)).toBe('summary: 1 of 2 configurations measured · checks ok (1) · targets met 0 of 1 · 0 problem(s)');
  });
});
