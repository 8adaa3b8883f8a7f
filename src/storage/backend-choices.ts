// Backend choices measured per model signature and device, kept in the `settings` store so the training worker
// (which has no localStorage) finds them again and a model is measured once per machine, not once per run.
import type { BackendName } from '../core/backend-name';
import type { BackendMeasurement } from '../core/backend-decision';
import { rememberedChoiceKey } from '../core/backend-signature';
import type { TrainyardDB } from './db';

export interface RememberedChoice {
  name: BackendName;
  /** Why, in one sentence, as decided at the time. */
  why: string;
  measurements: BackendMeasurement[];
  /** The model's name when measured, for the reason shown later. */
  model: string;
  batchSize: number;
  measuredAt: number;
}

const PREFIX = 'backend-choice/';

export class BackendChoiceStore {
  constructor(private readonly db: TrainyardDB) {}

  async get(device: string, signature: string): Promise<RememberedChoice | undefined> {
    const record = await this.db.get('settings', rememberedChoiceKey(device, signature));
    return isRememberedChoice(record?.value) ? record.value : undefined;
  }

  async put(device: string, signature: string, choice: RememberedChoice): Promise<void> {
    await this.db.put('settings', { key: rememberedChoiceKey(device, signature), value: choice });
  }

  /** Forgets one model's choice on one device (its run failed there), so its next run measures again. */
  async delete(device: string, signature: string): Promise<void> {
    await this.db.delete('settings', rememberedChoiceKey(device, signature));
  }

  /** Forgets every remembered choice (all devices), so each model is measured again. */
  async clear(): Promise<void> {
    const keys = await this.db.getAllKeys('settings', IDBKeyRange.bound(PREFIX, `${PREFIX}\uffff`));
    const tx = this.db.transaction('settings', 'readwrite');
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
  }
}

function isRememberedChoice(value: unknown): value is RememberedChoice {
  const v = value as Partial<RememberedChoice> | undefined;
  return !!v && typeof v.name === 'string' && Array.isArray(v.measurements) && typeof v.why === 'string';
}
