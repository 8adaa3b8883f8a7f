import { describe, expect, it } from 'vitest';
import { gridOf, MAX_INVOCATIONS, MAX_WORKGROUPS_PER_DIM, planDepthwise, planGemm, planSplitSum, TARGET_WORKGROUPS } from '../../../src/core/gpu-tiling';

// cnn_model's four filter gradients at batch 256, as [M = 3·3·ci, N = co, K = 256·outH·outW].
const CNN_MODEL_256 = [[9, 32, 256 * 28 * 28], [288, 32, 256 * 26 * 26], [288, 64, 256 * 13 * 13], [576, 64, 256 * 11 * 11]] as const;

describe('planGemm (filter-gradient GEMM tiling)', () => {
  it('stays inside WebGPU default limits: 256 invocations, 16 KiB of workgroup memory, 65,535 workgroups a dimension', () => {
    for (const [m, n, k] of [...CNN_MODEL_256, [1, 1, 1], [27, 5, 162], [1728, 192, 12544], [9, 3, 5_000_000], [4608, 512, 49]] as const) {
      const p = planGemm(m, n, k);
      expect(p.threads).toBe((p.tileM / p.rowsPerThread) * (p.tileN / 4));
      expect(p.threads).toBeLessThanOrEqual(MAX_INVOCATIONS);
      expect(p.tileK * (p.tileM + p.tileN) * 4).toBeLessThanOrEqual(16384);
      expect(p.splits).toBeLessThanOrEqual(MAX_WORKGROUPS_PER_DIM);
      expect(p.tilesM * p.tilesN).toBeLessThanOrEqual(MAX_WORKGROUPS_PER_DIM);
    }
  });

  it('covers all of K exactly once: the splits’ slices are whole tile steps and reach K', () => {
    for (const [m, n, k] of [...CNN_MODEL_256, [9, 32, 200], [27, 5, 162]] as const) {
      const p = planGemm(m, n, k);
      expect(p.kPerSplit).toBe(p.stepsPerSplit * p.tileK);
      expect(p.splits * p.kPerSplit).toBeGreaterThanOrEqual(k);
      expect((p.splits - 1) * p.kPerSplit).toBeLessThan(k);
      expect(p.tilesM * p.tileM).toBeGreaterThanOrEqual(m);
      expect(p.tilesN * p.tileN).toBeGreaterThanOrEqual(n);
    }
  });

  it("splits K of cnn_model's first layer (M = 9, N = 32, K = 200,704) into hundreds of slices, with one tile for all of M×N", () => {
    const p = planGemm(9, 32, 200_704);
    expect(p.tilesM * p.tilesN).toBe(1);
    expect(p.splits).toBeGreaterThanOrEqual(500);
  });

  it('gives every cnn_model layer at batch 256 close to the targeted thousand workgroups, of at least 64 threads', () => {
    for (const [m, n, k] of CNN_MODEL_256) {
      const p = planGemm(m, n, k);
      const workgroups = p.tilesM * p.tilesN * p.splits;
      expect(workgroups).toBeGreaterThanOrEqual(TARGET_WORKGROUPS * 0.75);
      expect(workgroups).toBeLessThanOrEqual(TARGET_WORKGROUPS * 1.1);
      expect(p.threads).toBeGreaterThanOrEqual(64);
    }
  });

  it('takes 64×64 tiles where M and N are long and wastes little padding (288 = 4.5 × 64 is padded by 10 %)', () => {
    expect(planGemm(576, 64, 30_976)).toMatchObject({ tileM: 64, tileN: 64, tilesM: 9, rowsPerThread: 4, threads: 256 });
    expect(planGemm(288, 32, 173_056)).toMatchObject({ tileM: 64, tileN: 32, tilesM: 5 });
    expect(planGemm(96 * 9, 96, 1000).tileN).toBe(32); // 96 = 3 × 32, where 64 would pad by a quarter
  });

  it('keeps a small K in one slice, so no second pass runs', () => {
    expect(planGemm(27, 5, 162).splits).toBe(1);
    expect(planGemm(288, 32, 100).splits).toBe(1);
  });

  it('is a pure function of the shape (the same shape gets the same shader)', () => {
    expect(planGemm(288, 64, 43_264)).toEqual(planGemm(288, 64, 43_264));
  });

  it('refuses sizes that are not positive whole numbers, saying which', () => {
    expect(() => planGemm(0, 32, 10)).toThrow('positive whole m, got 0');
    expect(() => planGemm(9, 32, 1.5)).toThrow('positive whole k, got 1.5');
  });
});

describe('planDepthwise', () => {
  it('gives each thread 4 output channels and at most 9 taps, within 256 threads and a power-of-two K-lane count', () => {
    for (const [taps, co, k] of [[9, 16, 256 * 196], [9, 32, 256 * 49], [25, 8, 100], [9, 6, 18], [9, 1024, 64]] as const) {
      const p = planDepthwise(taps, co, k);
      expect(p.threads).toBe(p.channelLanes * p.kLanes);
      expect(p.threads).toBeLessThanOrEqual(MAX_INVOCATIONS);
      expect(Math.log2(p.kLanes) % 1).toBe(0);
      expect(p.channelGroups * p.channelLanes * 4).toBeGreaterThanOrEqual(co);
      expect(p.taps * p.tapGroups).toBeGreaterThanOrEqual(taps);
      expect(p.taps).toBeLessThanOrEqual(9);
      expect(p.splits * p.kPerSplit).toBeGreaterThanOrEqual(k);
      expect((p.splits - 1) * p.kPerSplit).toBeLessThan(k);
    }
  });

  it("splits separable-cnn's first depthwise layer at batch 256 (K = 50,176) across many workgroups", () => {
    expect(planDepthwise(9, 16, 256 * 14 * 14).splits).toBeGreaterThanOrEqual(64);
  });
});

describe('planSplitSum and gridOf', () => {
  it('puts more lanes on the splits when there are many splits and few outputs', () => {
    expect(planSplitSum(784, 288)).toMatchObject({ splitLanes: 64, outLanes: 4, workgroups: 72 });
    expect(planSplitSum(3, 9216)).toMatchObject({ splitLanes: 1, outLanes: 256, workgroups: 36 });
  });

  it('lays out more workgroups than one dimension allows over two dimensions, covering them all', () => {
    expect(gridOf(100)).toEqual([100, 1, 1]);
    const [x, y] = gridOf(200_000);
    expect(x).toBeLessThanOrEqual(MAX_WORKGROUPS_PER_DIM);
    expect(x * y).toBeGreaterThanOrEqual(200_000);
  });
});
