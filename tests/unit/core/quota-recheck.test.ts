import { describe, expect, it } from 'vitest';
import { ESTIMATE_REFRESH_BYTES, needsEstimate } from '../../../src/core/quota-recheck';

const MB = 1024 * 1024;

describe('needsEstimate', () => {
  it('asks when nothing is known', () => {
    expect(needsEstimate(undefined, 0, MB, 1.1)).toBe(true);
  });

  it('does not ask while the known room, less what was written since, holds the rest with the margin', () => {
    const known = { free: 1000 * MB, writtenAt: 0 };
    expect(needsEstimate(known, 0, 800 * MB, 1.1)).toBe(false);
    expect(needsEstimate(known, 40 * MB, 760 * MB, 1.1)).toBe(false);
  });

  it('asks once the rest with the margin no longer fits the known room', () => {
    const known = { free: 100 * MB, writtenAt: 10 * MB };
    // 50 MB written since: 50 MB known free; 46 MB × 1.1 = 50.6 MB does not fit, 45 MB × 1.1 = 49.5 MB does.
    expect(needsEstimate(known, 60 * MB, 46 * MB, 1.1)).toBe(true);
    expect(needsEstimate(known, 60 * MB, 45 * MB, 1.1)).toBe(false);
  });

  it('asks again every refresh, however much room there was', () => {
    const known = { free: 100_000 * MB, writtenAt: 8 * MB };
    expect(needsEstimate(known, 8 * MB + ESTIMATE_REFRESH_BYTES - 1, MB, 1.1)).toBe(false);
    expect(needsEstimate(known, 8 * MB + ESTIMATE_REFRESH_BYTES, MB, 1.1)).toBe(true);
    expect(needsEstimate(known, 12 * MB, MB, 1.1, 4 * MB)).toBe(true);
  });

  it('asks when the count of written bytes went back (shards written again, gray to colour)', () => {
    expect(needsEstimate({ free: 1000 * MB, writtenAt: 20 * MB }, 0, MB, 1.1)).toBe(true);
  });
});
