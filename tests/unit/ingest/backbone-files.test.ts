import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { backboneFiles } from '../../../src/ingest/backbone-files';
import { loadPretrained } from '../../support/pretrained';

describe('a backbone given as a zip', () => {
  const { modelJson, weightFiles } = loadPretrained('mobilenet_v2_mid');
  const entries = { 'mobilenet/model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'mobilenet/README.txt': new TextEncoder().encode('hi') };
  for (const [name, bytes] of weightFiles) Object.assign(entries, { [`mobilenet/${name}`]: bytes });

  it('gives its model.json and weight files, byte for byte, and leaves other files out', async () => {
    const files = await backboneFiles([new File([zipSync(entries)], 'mobilenet.zip')]);
    expect(files.map((f) => f.path).sort()).toEqual(['mobilenet/group1-shard1of2', 'mobilenet/group1-shard2of2', 'mobilenet/model.json']);
    expect(files.find((f) => f.path.endsWith('shard2of2'))!.bytes).toEqual(weightFiles.get('group1-shard2of2'));
  });

  it('refuses a corrupted weight file and an entry that climbs out, naming them', async () => {
    const zipped = zipSync(entries, { level: 0 });
    // Stored, not deflated: find the first shard's bytes in the zip and change one of them.
    const shard = weightFiles.get('group1-shard1of2')!;
    const at = Buffer.from(zipped).indexOf(Buffer.from(shard.subarray(0, 64)));
    expect(at).toBeGreaterThan(0);
    zipped[at + 1000] = (zipped[at + 1000]! + 1) % 256;
    await expect(backboneFiles([new File([zipped], 'broken.zip')])).rejects.toThrow(/broken\.zip: mobilenet\/group1-shard1of2 is corrupted: its CRC-32/);
    const climbing = zipSync({ '../model.json': new TextEncoder().encode('{}') });
    await expect(backboneFiles([new File([climbing], 'climb.zip')])).rejects.toThrow('climb.zip: refused, "../model.json" climbs out of the archive');
  });
});
