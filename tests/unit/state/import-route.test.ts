import { describe, expect, it } from 'vitest';
import { routeInputs } from '../../../src/state/import-route';
import type { DirectoryHandleLike, FileHandleLike, HandleLike } from '../../../src/ingest/handles';
import { smallPng, tinyModel, writeZip } from '../../support/hostile-inputs';

const text = (s: string) => new TextEncoder().encode(s);
const zipFile = (name: string, items: { name: string; data: Uint8Array }[]) => new File([writeZip(items).slice()], name);
const fileHandle = (name: string): FileHandleLike => ({ kind: 'file', name, getFile: async () => new File([text(name)], name) });
const folder = (name: string, children: HandleLike[]): DirectoryHandleLike => ({
  kind: 'directory', name, values: async function* () { yield* children; },
});

describe('routeInputs', () => {
  it('sends a run zip and a tfjs model zip to the run import, under the zip\'s own name', async () => {
    const model = tinyModel();
    const run = zipFile('run.zip', [{ name: 'model.json', data: text(model.modelJson) }, { name: 'trainyard/run.json', data: text('{}') }]);
    const bare = zipFile('tiny.zip', [{ name: 'tiny/model.json', data: text(model.modelJson) }, { name: 'tiny/weights.bin', data: model.weights }]);
    const routed = await routeInputs([{ kind: 'zip', file: run, name: 'run' }, { kind: 'zip', file: bare, name: 'tiny' }]);
    expect(routed.map((r) => (r.to === 'runs' ? `${r.kind}:${r.name}` : r.to))).toEqual(['zip:run.zip', 'zip:tiny.zip']);
  });

  it('sends a zip of images, and a file that is no zip at all, to the dataset import', async () => {
    const images = zipFile('pets.zip', [{ name: 'cat/a.png', data: smallPng(10) }, { name: 'dog/b.png', data: smallPng(40) }]);
    const junk = new File([text('not a zip')], 'junk.zip');
    const routed = await routeInputs([{ kind: 'zip', file: images, name: 'pets' }, { kind: 'zip', file: junk, name: 'junk' }]);
    expect(routed.map((r) => r.to)).toEqual(['dataset', 'dataset']);
  });

  it('sends a picked model folder to the run import with every file and its path', async () => {
    const files = [new Blob([text('{}')]), new Blob([new Uint8Array(4)])];
    const [routed] = await routeInputs([{ kind: 'packed', name: 'tiny', packed: { name: 'tiny', paths: ['tiny/model.json', 'tiny/weights.bin'], files } }]);
    if (routed?.to !== 'runs' || routed.kind !== 'folder') throw new Error(`routed to ${routed?.to}`);
    expect((await routed.files()).map((f) => f.path)).toEqual(['tiny/model.json', 'tiny/weights.bin']);
  });

  it('tells a model folder given as a handle from a folder of images by the top of the folder', async () => {
    const model = folder('tiny', [fileHandle('model.json'), fileHandle('weights.bin')]);
    const images = folder('pets', [folder('cat', [fileHandle('a.png')]), folder('dog', [fileHandle('b.png')])]);
    const routed = await routeInputs([{ kind: 'handles', handles: [model], name: 'tiny' }, { kind: 'handles', handles: [images], name: 'pets' }]);
    expect(routed.map((r) => r.to)).toEqual(['runs', 'dataset']);
    const first = routed[0];
    if (first?.to !== 'runs' || first.kind !== 'folder') throw new Error('not a folder');
    expect((await first.files()).map((f) => f.path)).toEqual(['tiny/model.json', 'tiny/weights.bin']);
  });

  it('leaves the sample (a URL) to the dataset import', async () => {
    expect((await routeInputs([{ kind: 'url', url: '/sample.zip', name: 'Sample digits' }])).map((r) => r.to)).toEqual(['dataset']);
  });
});
