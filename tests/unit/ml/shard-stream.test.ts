import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { epochWindows, inOrderWindows } from '../../../src/core/epoch-order';
import { seededRandom } from '../../../src/core/random';
import type { ShardData } from '../../../src/core/types';
import { shardStream } from '../../../src/ml/shard-stream';
import { residentSplit } from '../../../src/ml/split-source';
import { concatImageSets } from '../../../src/ml/image-set';
import { cutShard } from '../../support/memory-read-shards';

const shape = [3, 5, 1] as const;
const per = 15;
const count = 230;
const random = seededRandom(11);
const whole = { count, pixels: Uint8Array.from({ length: count * per }, () => Math.floor(random() * 256)), labels: Uint16Array.from({ length: count }, () => Math.floor(random() * 4)) };
const shards = cutShard(whole, [17, 40, 23], per);
const counts = shards.map((s) => s.count);

function streamOver(reads: number[] = []) {
  return shardStream({
    readShard: async (i) => {
      reads.push(i);
      return { ...(shards[i] as ShardData), paths: [] };
    },
    shardCounts: counts, shape: [...shape], classes: 4, maxBatch: 32,
  });
}

describe('a split streamed from its shards', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same batches, bytes and labels, as the split held in memory, across window boundaries', async () => {
    const windows = epochWindows({ seed: 2, epoch: 1, shardCounts: counts, windowImages: 60 });
    expect(windows.length).toBeGreaterThan(3);
    const memory = residentSplit(concatImageSets([...shape], [whole]), 4, 32, { onDevice: false }).open(windows);
    const streamed = streamOver().open(windows);
    expect(streamed.count).toBe(count);
    for (let at = 0; at < count; at += 32) {
      const n = Math.min(32, count - at);
      const [a, b] = [await memory.next(n), await streamed.next(n)];
      expect(await b.x.data()).toEqual(await a.x.data());
      expect(await b.labels!.data()).toEqual(await a.labels!.data());
      expect(await b.y.data()).toEqual(await a.y.data());
      tf.dispose([a.x, a.y, a.labels!, b.x, b.y, b.labels!]);
    }
  });

  it('reads the window after the current one ahead, and no further', async () => {
    const reads: number[] = [];
    const windows = inOrderWindows(counts, 60);
    const stream = streamOver(reads).open(windows);
    const first = await stream.next(10);
    tf.dispose([first.x, first.y, first.labels!]);
    expect(reads.sort((a, b) => a - b)).toEqual([...windows[0]!.shards, ...windows[1]!.shards].sort((a, b) => a - b));
    stream.dispose();
  });

  it('says which shard is damaged when a shard holds fewer images than the record', async () => {
    const stream = shardStream({
      readShard: async (i) => ({ ...(shards[i] as ShardData), count: 3, paths: [] }), shardCounts: counts, shape: [...shape], classes: 4, maxBatch: 8,
      what: 'the train split of "Digits"',
    }).open(inOrderWindows(counts, 1000));
    await expect(stream.next(8)).rejects.toThrow('Shard 1 of the train split of "Digits" holds 3 images where its dataset record says 17: the stored dataset is damaged. Import it again.');
  });
});
