import { describe, expect, it } from 'vitest';
import { inspectBackbone } from '../../../src/core/backbone';
import { makeBackboneRecord } from '../../../src/core/backbone-record';
import { loadPretrained, type PretrainedFiles } from '../../support/pretrained';

const sizesOf = (files: ReadonlyMap<string, Uint8Array>) => new Map([...files].map(([k, v]) => [k, v.byteLength]));
const inspect = (p: PretrainedFiles) => inspectBackbone(p.modelJson, sizesOf(p.weightFiles));
const layers = loadPretrained('mobilenet_v2');
const graph = loadPretrained('mobilenet_v2_mid');

describe('inspectBackbone on real pretrained networks', () => {
  it('finds flatten_1 (1280) in the nsfwjs MobileNetV2 Layers model, after 104 weight layers', () => {
    const r = inspect(layers);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.format).toBe('layers');
    expect(r.inputSize).toEqual({ width: 224, height: 224 });
    expect(r.featureCandidates[0]).toMatchObject({ name: 'flatten_1', size: 1280 });
    expect(r.trunkLayersOf('flatten_1')).toBe(104);
    expect(r.params).toBe(2_619_461);
    expect(r.weightPaths).toEqual(['group1-shard1of1']);
    expect(r.pixelRange).toEqual({ min: 0, max: 1 });
    expect(r.notes.join(' ')).toContain('[0, 1] is assumed');
  });

  it('finds the feature_vector squeeze (1792, from the classifier kernel) in the nsfwjs MobileNetV2 Graph model', () => {
    const r = inspect(graph);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.format).toBe('graph');
    expect(r.inputSize).toEqual({ width: 224, height: 224 });
    expect(r.featureCandidates[0]?.name).toMatch(/\/feature_vector\/SpatialSqueeze$/);
    expect(r.featureCandidates[0]?.size).toBe(1792);
    expect(r.featureCandidates[0]?.reason).toContain('feeds the classifier');
    expect(r.weightPaths).toEqual(['group1-shard1of2', 'group1-shard2of2']);
    expect(r.trunkLayersOf(r.featureCandidates[0]?.name ?? '')).toBe(0);
  });

  it('takes the pixel range from userDefinedMetadata when the model states it', () => {
    const r = inspectBackbone({ ...graph.modelJson, userDefinedMetadata: { ...(graph.modelJson.userDefinedMetadata as object), pixelRange: { min: -1, max: 1 } } }, sizesOf(graph.weightFiles));
    expect(r.ok && r.pixelRange).toEqual({ min: -1, max: 1 });
    expect(r.ok && r.notes).toEqual([]);
  });
});

describe('inspectBackbone refuses bad models with the reason', () => {
  /** A copy of the model.json with the value at `path` replaced. */
  const edited = (p: PretrainedFiles, path: (string | number)[], value: unknown): unknown => {
    const json: unknown = structuredClone(p.modelJson);
    let at = json as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path[path.length - 1] as string | number] = value;
    return json;
  };
  const INPUT_SHAPE = ['modelTopology', 'model_config', 'config', 'layers', 0, 'config', 'batch_input_shape'];

  it('refuses a model whose input is not an image, naming the shape found', () => {
    const json = edited(layers, INPUT_SHAPE, [null, 10]);
    expect(inspectBackbone(json, sizesOf(layers.weightFiles))).toEqual({
      ok: false,
      errors: ['no image input (input shape [null, 10]; a backbone takes [null, height, width, 3])'],
    });
  });

  it('refuses a graph with a grey input', () => {
    const json = edited(graph, ['userDefinedMetadata', 'signature', 'inputs', 'input:0', 'tensorShape', 'dim', 3, 'size'], '1');
    const r = inspectBackbone(json, sizesOf(graph.weightFiles));
    expect(r.ok ? [] : r.errors).toEqual(['no image input (input shape [null, 224, 224, 1]; a backbone takes [null, height, width, 3])']);
  });

  it('refuses when a weights file is missing, naming it', () => {
    const files = sizesOf(graph.weightFiles);
    files.delete('group1-shard2of2');
    const r = inspectBackbone(graph.modelJson, files);
    expect(r.ok ? [] : r.errors).toEqual(['weights file group1-shard2of2 is missing']);
  });

  it('refuses a shard shorter than declared, with both byte counts', () => {
    const files = sizesOf(graph.weightFiles);
    files.set('group1-shard2of2', 100);
    const r = inspectBackbone(graph.modelJson, files);
    expect(r.ok ? [] : r.errors).toEqual([
      'weights file group1-shard2of2 has 100 bytes, but model.json declares 106471 (its group of 2 files declares 4300775 in all, the files hold 4194404)',
    ]);
    const one = sizesOf(layers.weightFiles);
    one.set('group1-shard1of1', 5);
    const r1 = inspectBackbone(layers.modelJson, one);
    expect(r1.ok ? [] : r1.errors).toEqual(['weights file group1-shard1of1 has 5 bytes, but model.json declares 2619461']);
  });

  it('refuses a JSON file that is not a tfjs model', () => {
    expect(inspectBackbone({ name: 'my-app', version: '1.0.0' }, new Map())).toEqual({
      ok: false,
      errors: ['not a TensorFlow.js model: model.json needs "modelTopology" and "weightsManifest"'],
    });
    const r = inspectBackbone({ modelTopology: { class_name: 'Dense', config: {} }, weightsManifest: [{ paths: [], weights: [] }] }, new Map());
    expect(r.ok ? [] : r.errors).toEqual(['not a TensorFlow.js Layers model: modelTopology is a Dense, not a Model, Functional or Sequential']);
  });

  it('refuses a hostile model.json that declares too many parameters or a huge input before allocating', () => {
    const big = edited(layers, ['weightsManifest', 0, 'weights', 0, 'shape'], [100000, 100000]);
    const r = inspectBackbone(big, sizesOf(layers.weightFiles));
    expect(r.ok ? [] : r.errors).toEqual(['the model declares 10,002,618,597 parameters; at most 200,000,000 are accepted']);
    const wide = edited(layers, INPUT_SHAPE, [null, 4096, 4096, 3]);
    const r2 = inspectBackbone(wide, sizesOf(layers.weightFiles));
    expect(r2.ok ? [] : r2.errors).toEqual(['the input is 4096×4096; at most 1024×1024 is accepted']);
  });
});

describe('makeBackboneRecord', () => {
  it('concatenates the shards in manifest order and ids the model by content', () => {
    const made = makeBackboneRecord(graph.modelJson, graph.weightFiles, { name: 'mid', createdAt: 1 });
    if (!made.ok) throw new Error(made.errors.join('; '));
    const { record } = made;
    expect(record.artifacts.weightData.byteLength).toBe(4_300_775);
    expect(new Uint8Array(record.artifacts.weightData, 4_194_304, 8)).toEqual(graph.weightFiles.get('group1-shard2of2')?.subarray(0, 8));
    expect(record).toMatchObject({ format: 'graph', featureSize: 1792, trunkLayers: 0, bytes: 4_300_775 });
    const again = makeBackboneRecord(graph.modelJson, graph.weightFiles, { name: 'other name', createdAt: 2 });
    const other = makeBackboneRecord(layers.modelJson, layers.weightFiles, { name: 'mid', createdAt: 1 });
    expect(again.ok && again.record.id).toBe(record.id);
    expect(other.ok && other.record.id).not.toBe(record.id);
  });

  it('refuses a feature layer that is not a candidate', () => {
    const made = makeBackboneRecord(layers.modelJson, layers.weightFiles, { name: 'm', createdAt: 1, featureLayer: 'dense_3' });
    expect(made.ok ? [] : made.errors).toEqual(['dense_3 is not one of the feature layers found (flatten_1)']);
  });
});
