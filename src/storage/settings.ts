// App-wide settings kept in the database, so they survive a reload and are shared by every tab.
import type { TrainyardDB } from './db';

export class SettingsStore {
  constructor(private readonly db: TrainyardDB) {}

  /** The stored value, or `fallback` merged under it (new fields get their defaults). */
  async get<T extends object>(key: string, fallback: T): Promise<T> {
    const record = await this.db.get('settings', key);
    return record && typeof record.value === 'object' && record.value !== null ? { ...fallback, ...(record.value as Partial<T>) } : fallback;
  }

  async put<T extends object>(key: string, value: T): Promise<void> {
    await this.db.put('settings', { key, value });
  }
}
