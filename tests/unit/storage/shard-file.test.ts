import { describe, expect, it } from 'vitest';
import { decodeShardFile, encodeShardFile } from '../../../src/storage/shard-file';

describe('shard files', () => {
  it('give back the pixels, labels and paths they were written with', () => {
    const shard = { count: 3, pixels: Uint8Array.from({ length: 3 * 5 }, (_, i) => i * 7), labels: Uint16Array.of(2, 0, 65535), paths: ['a/1.png', 'b/ü 2.png', 'c/"3".png'] };
    const bytes = encodeShardFile(shard);
    expect(bytes.byteLength).toBe(16 + 6 + 15 + new TextEncoder().encode(JSON.stringify(shard.paths)).byteLength);
    const back = decodeShardFile(bytes.buffer, 'k/train-0.shard');
    expect(back).toEqual(shard);
  });

  it('names a damaged file instead of handing back wrong pixels', () => {
    const bytes = encodeShardFile({ count: 1, pixels: new Uint8Array(4), labels: Uint16Array.of(1), paths: ['x.png'] });
    expect(() => decodeShardFile(bytes.buffer.slice(0, bytes.byteLength - 1), 'k/test-2.shard')).toThrow(
      'k/test-2.shard: the stored shard is damaged (30 bytes where its header says 31).',
    );
    expect(() => decodeShardFile(new ArrayBuffer(20), 'k/test-2.shard')).toThrow('k/test-2.shard: the stored shard is damaged (not a shard file).');
  });
});
