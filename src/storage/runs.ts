// Runs, models and hyperparameter sets.
import type { RunRecord } from '../core/run';
import type { ModelSpec } from '../core/model-spec';
import type { HParams } from '../core/hparams';
import { CATALOG_UPGRADES, upgradeHParams, upgradeModels, type CatalogUpgrade } from '../core/catalog-upgrades';
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

  /** Removes runs with their trained weights and analyses, together. */
  async delete(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction(['runs', 'artifacts', 'analyses', 'analysisSummaries'], 'readwrite');
    for (const id of ids) {
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('artifacts').delete(id);
      await tx.objectStore('analyses').delete(id);
      await tx.objectStore('analysisSummaries').delete(id);
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

/** Settings key holding the ids of the catalog upgrades this database has had. */
const UPGRADES_KEY = 'catalog-upgrades';

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

  /**
   * Adds the built-in entries that are not stored yet, and applies the catalog upgrades this database has not had
   * (each changes a built-in only where it still holds what an older version shipped); never overwrites other edits.
   */
  async seed(models: readonly ModelSpec[], hparams: readonly HParams[], upgrades: readonly CatalogUpgrade[] = CATALOG_UPGRADES): Promise<void> {
    const tx = this.db.transaction(['models', 'hparams', 'settings'], 'readwrite');
    const storedModels = await tx.objectStore('models').getAll();
    const haveModels = new Set(storedModels.map((m) => m.id));
    const storedHParams = await tx.objectStore('hparams').getAll();
    const haveHParams = new Set(storedHParams.map((h) => h.id));
    const appliedRecord = await tx.objectStore('settings').get(UPGRADES_KEY);
    const applied = new Set(Array.isArray(appliedRecord?.value) ? appliedRecord.value.filter((id): id is string => typeof id === 'string') : []);
    const pending = upgrades.filter((u) => !applied.has(u.id));
    await Promise.all([
      ...models.filter((m) => !haveModels.has(m.id)).map((m) => tx.objectStore('models').put(structuredClone(m))),
      ...hparams.filter((h) => !haveHParams.has(h.id)).map((h) => tx.objectStore('hparams').put(structuredClone(h))),
      ...upgradeHParams(storedHParams, hparams, pending).map((h) => tx.objectStore('hparams').put(h)),
      ...upgradeModels(storedModels, models, pending).map((m) => tx.objectStore('models').put(m)),
      ...(pending.length ? [tx.objectStore('settings').put({ key: UPGRADES_KEY, value: [...applied, ...pending.map((u) => u.id)] })] : []),
    ]);
    await tx.done;
  }
}
