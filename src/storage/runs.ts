// Runs, models and hyperparameter sets.
import type { RunRecord } from '../core/run';
import type { ModelSpec } from '../core/model-spec';
import type { HParams } from '../core/hparams';
import type { TrainyardDB } from './db';

export class RunStore {
  constructor(private readonly db: TrainyardDB) {}

  list(): Promise<RunRecord[]> {
    return this.db.getAll('runs');
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  async put(run: RunRecord): Promise<void> {
    await this.db.put('runs', run);
  }

  async putMany(runs: readonly RunRecord[]): Promise<void> {
    const tx = this.db.transaction('runs', 'readwrite');
    await Promise.all([...runs.map((r) => tx.store.put(r)), tx.done]);
  }

  /** Removes runs and their trained weights together. */
  async delete(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction(['runs', 'artifacts', 'analyses'], 'readwrite');
    for (const id of ids) {
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('artifacts').delete(id);
      await tx.objectStore('analyses').delete(id);
    }
    await tx.done;
  }

  /** Applies `change` to the stored run inside one transaction, so concurrent writers do not lose fields. */
  async update(id: string, change: (run: RunRecord) => void): Promise<RunRecord | undefined> {
    const tx = this.db.transaction('runs', 'readwrite');
    const run = await tx.store.get(id);
    if (run) {
      change(run);
      await tx.store.put(run);
    }
    await tx.done;
    return run;
  }
}

export class CatalogStore {
  constructor(private readonly db: TrainyardDB) {}

  models(): Promise<ModelSpec[]> {
    return this.db.getAll('models');
  }

  hparams(): Promise<HParams[]> {
    return this.db.getAll('hparams');
  }

  async putModel(model: ModelSpec): Promise<void> {
    await this.db.put('models', structuredClone(model));
  }

  async deleteModel(id: string): Promise<void> {
    await this.db.delete('models', id);
  }

  async putHParams(hparams: HParams): Promise<void> {
    await this.db.put('hparams', structuredClone(hparams));
  }

  async deleteHParams(id: string): Promise<void> {
    await this.db.delete('hparams', id);
  }

  /** Adds the built-in entries that are not stored yet; never overwrites the user's edits. */
  async seed(models: readonly ModelSpec[], hparams: readonly HParams[]): Promise<void> {
    const tx = this.db.transaction(['models', 'hparams'], 'readwrite');
    const haveModels = new Set(await tx.objectStore('models').getAllKeys());
    const haveHParams = new Set(await tx.objectStore('hparams').getAllKeys());
    await Promise.all([
      ...models.filter((m) => !haveModels.has(m.id)).map((m) => tx.objectStore('models').put(structuredClone(m))),
      ...hparams.filter((h) => !haveHParams.has(h.id)).map((h) => tx.objectStore('hparams').put(structuredClone(h))),
    ]);
    await tx.done;
  }
}
