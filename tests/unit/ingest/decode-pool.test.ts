import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeJobs, DecodePool, decodeWorkerCount, type DecodeAnswer, type DecodeJob, type DecoderWorker, type DecodeRequest } from '../../../src/ingest/decode-pool';
import { loadDigits } from '../../support/digits';
import { FakeWorker } from './fakes';

const digits = loadDigits(5);
const png = (pixels: Uint8Array): DecodeJob => ({ bytes: encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }), format: 'png', srcWidth: 28, srcHeight: 28 });
const target = { width: 28, height: 28, policy: 'letterbox' as const };

/** A decode worker run in this thread, or one that fails to start. */
class FakeDecoder extends FakeWorker<DecodeRequest> implements DecoderWorker {
  jobs = 0;
  protected answer({ id, jobs, target }: DecodeRequest, reply: (data: DecodeAnswer) => void): void {
    this.jobs += jobs.length;
    void decodeJobs(jobs, target).then((outcomes) => reply({ id, outcomes }));
  }
}

describe('decodeJobs', () => {
  it('decodes real digits in order, and tells a refused image from one that cannot be decoded', async () => {
    const huge: DecodeJob = { bytes: new Uint8Array(8), format: 'png', srcWidth: 100_000, srcHeight: 100_000 };
    const garbage: DecodeJob = { bytes: Uint8Array.from([1, 2, 3]), format: 'bmp', srcWidth: 28, srcHeight: 28 };
    const outcomes = await decodeJobs([png(digits[0]!.pixels), huge, garbage, png(digits[1]!.pixels)], target);
    expect(outcomes[0]).toEqual({ pixels: digits[0]!.pixels, channels: 1 });
    expect(outcomes[1]).toMatchObject({ refused: expect.stringContaining('100000') });
    expect(outcomes[2]).toEqual({ failed: true });
    expect(outcomes[3]).toEqual({ pixels: digits[1]!.pixels, channels: 1 });
  });
});

describe('DecodePool', () => {
  it('spreads a batch over its workers and gives the outcomes in order', async () => {
    const started: FakeDecoder[] = [];
    const pool = new DecodePool(() => (started.push(new FakeDecoder()), started.at(-1) as FakeDecoder), 2);
    const outcomes = await pool.decode(digits.map((d) => png(d.pixels)), target);
    expect(outcomes).toEqual(digits.map((d) => ({ pixels: d.pixels, channels: 1 })));
    const half = Math.ceil(digits.length / 2);
    expect(started.map((w) => w.jobs)).toEqual([half, digits.length - half]);
    pool.close();
    expect(started.every((w) => w.terminated)).toBe(true);
  });

  it('decodes a failed worker\'s share here, and starts another for the next batch', async () => {
    const started: FakeDecoder[] = [];
    const pool = new DecodePool(() => (started.push(new FakeDecoder(started.length === 0)), started.at(-1) as FakeDecoder), 1);
    expect(await pool.decode([png(digits[0]!.pixels)], target)).toEqual([{ pixels: digits[0]!.pixels, channels: 1 }]);
    expect(await pool.decode([png(digits[1]!.pixels)], target)).toEqual([{ pixels: digits[1]!.pixels, channels: 1 }]);
    expect(started.map((w) => [w.terminated, w.jobs])).toEqual([[true, 0], [false, 1]]);
  });
});

describe('decodeWorkerCount', () => {
  it('leaves a core to the ingest worker, with at least one decode worker and at most four', () => {
    expect(decodeWorkerCount(2)).toBe(1);
    expect(decodeWorkerCount(1)).toBe(1);
    expect(decodeWorkerCount(undefined)).toBe(1);
    expect(decodeWorkerCount(4)).toBe(3);
    expect(decodeWorkerCount(16)).toBe(4);
  });
});
