import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import { openTrainyardDB } from '../../../src/storage/db';
import { CatalogStore } from '../../../src/storage/runs';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';

let n = 0;
const fresh = () => openTrainyardDB(`catalog-${n++}`);
const byId = (sets: HParams[], id: string) => sets.find((h) => h.id === id);

/** The built-in sets as the version before validation came from train stored them. */
const oldBuiltIns = (): HParams[] => BUILT_IN_HPARAMS.map((h) => {
  const old = structuredClone(h);
  if (h.id === 'quick') delete old.validation;
  if (h.id === 'original') old.validation = { kind: 'test' };
  return old;
});

describe('seeding the catalog', () => {
  it('stores every built-in set of a new database with its validation from train', async () => {
    const store = new CatalogStore(await fresh());
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const sets = await store.hparams();
    expect(sets.map((h) => [h.id, h.validation?.kind])).toEqual(expect.arrayContaining([['quick', 'split'], ['original', 'split'], ['sgd-cosine', 'split']]));
  });

  it('moves built-ins an older version stored onto validation from train, keeping the user\'s other edits', async () => {
    const db = await fresh();
    const edited = oldBuiltIns().map((h) => (h.id === 'original' ? { ...h, epochs: 7, enabled: true } : h));
    await Promise.all(edited.map((h) => db.put('hparams', h)));
    const store = new CatalogStore(db);
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const sets = await store.hparams();
    expect(byId(sets, 'quick')?.validation).toEqual({ kind: 'split', fraction: 0.15 });
    expect(byId(sets, 'original')).toMatchObject({ validation: { kind: 'split', fraction: 0.15 }, epochs: 7, enabled: true });
    expect(byId(sets, 'sgd-cosine')?.validation).toEqual({ kind: 'split', fraction: 0.1 });
  });

  it('leaves a validation the user chose, and user-made sets, as they are', async () => {
    const db = await fresh();
    const mine: HParams = { id: 'mine', name: 'Mine', priority: 0, enabled: true, epochs: 2, batchSize: 8, optimizer: 'adam', learningRate: 0.01, seed: 3, validation: { kind: 'test' } };
    const chosen = oldBuiltIns().map((h) => (h.id === 'quick' ? { ...h, validation: { kind: 'split' as const, fraction: 0.3 } } : h));
    await Promise.all([...chosen, mine].map((h) => db.put('hparams', h)));
    const store = new CatalogStore(db);
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const sets = await store.hparams();
    expect(byId(sets, 'quick')?.validation).toEqual({ kind: 'split', fraction: 0.3 });
    expect(byId(sets, 'mine')).toEqual(mine);
  });

  it('upgrades once: a built-in set back on the test split by the user stays there after the next start', async () => {
    const db = await fresh();
    await Promise.all(oldBuiltIns().map((h) => db.put('hparams', h)));
    const store = new CatalogStore(db);
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const original = byId(await store.hparams(), 'original')!;
    await store.putHParams({ ...original, validation: { kind: 'test' } });
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    expect(byId(await store.hparams(), 'original')?.validation).toEqual({ kind: 'test' });
  });
});

describe('seeding the catalog over an older version\'s models', () => {
  it('keeps the MLP for small images, adds the backbone model, and keeps the user\'s other edits', async () => {
    const db = await fresh();
    const { data: _new, ...oldMlp } = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!;
    await db.put('models', { ...oldMlp, priority: 42 });
    const store = new CatalogStore(db);
    await store.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const models = await store.models();
    expect(models.find((m) => m.id === 'mlp')).toMatchObject({ data: 'small', priority: 42 });
    expect(models.find((m) => m.backbone)).toMatchObject({ id: 'pretrained-head', enabled: true });
  });
});
