import { describe, expect, it } from 'vitest';
import { readRunZip } from '../../../src/export/import-zip';
import { hostile, modelZip, tinyModel } from '../../support/hostile-inputs';

const refusal = async (file: { name: string; bytes: Uint8Array }) => readRunZip(file.name, new Blob([file.bytes.slice()])).then(() => 'imported', (e: Error) => e.message);

describe('importing hostile run and model zips', () => {
  it('imports the tiny model the hostile cases are made from', async () => {
    const [run] = await readRunZip('tiny.zip', modelZip(tinyModel()));
    expect(run?.analysis?.classes).toEqual(['0', '1', '2']);
  });

  it('refuses a 3 GiB weights entry from the zip directory, before reading it', async () => {
    expect(await refusal(hostile.runZip3GiB())).toBe('run-3gib.zip: weights.bin expands to 3 GiB, more than the 512 MiB allowed for one file of a run. Nothing was imported.');
  });

  it('refuses a 4 GiB (zip64) weights entry as 4 GiB, not as an empty file', async () => {
    expect(await refusal(hostile.runZip4GiB())).toBe('run-4gib.zip: weights.bin expands to 4 GiB, more than the 512 MiB allowed for one file of a run. Nothing was imported.');
  });

  it('refuses weights whose bytes fail their CRC-32, naming the file', async () => {
    expect(await refusal(hostile.runZipCorrupt())).toMatch(/^corrupt-weights\.zip: weights\.bin is corrupted: its CRC-32 is [0-9A-F]{8} where the zip says [0-9A-F]{8}\. Nothing was imported\.$/);
  });

  it('refuses a dense layer claiming 1e8 units with its weights unchanged', async () => {
    expect(await refusal(hostile.denseBomb())).toBe('dense-1e8.zip: model.json: layer "dense" (Dense) declares units 100000000, more than the 1,048,576 any size of a layer may be. Nothing was imported.');
  });

  it('refuses a model taking 65535×65535 images as such', async () => {
    expect(await refusal(hostile.hugeInput())).toBe('input-65535.zip: model.json: layer "flatten" (Flatten) takes inputs of 16.0 GiB each ([null, 65535, 65535, 1]), more than the 256 MiB allowed for one input. Nothing was imported.');
  });

  it('bounds the class names of a bare model, and its input even when one example would fit', async () => {
    const many = modelZip(tinyModel({ units: 70_000 }));
    expect(await refusal({ name: 'many.zip', bytes: many })).toBe('many.zip: model.json: the model\'s last dense layer gives 70,000 outputs, more than the 65,536 classes allowed. Nothing was imported.');
    const wide = modelZip(tinyModel({ input: [8, 9000, 1] }));
    expect(await refusal({ name: 'wide.zip', bytes: wide })).toBe('wide.zip: model.json: the model takes 9000×8 images, more than the 8192 pixels a side allowed for one image, so it cannot be tried on images. Nothing was imported.');
  });
});
