import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BackendChoiceStore, type RememberedChoice } from '../../../src/storage/backend-choices';
import { openTrainyardDB } from '../../../src/storage/db';
import { SettingsStore } from '../../../src/storage/settings';

const choice: RememberedChoice = {
  name: 'wasm', why: 'WASM was the fastest.', model: 'MLP', batchSize: 32, measuredAt: 1_700_000_000_000,
  measurements: [{ name: 'wasm', software: false, label: 'WASM', result: { kind: 'timed', samplesPerSecond: 2_000, steps: 10, approximate: false } }],
};

let n = 0;
const fresh = () => openTrainyardDB(`backend-choices-${n++}`);

describe('remembered backend choices', () => {
  it('gives back a choice for the same device and model signature, and nothing for another', async () => {
    const store = new BackendChoiceStore(await fresh());
    await store.put('device-a', 'sig-1', choice);
    expect(await store.get('device-a', 'sig-1')).toEqual(choice);
    expect(await store.get('device-b', 'sig-1')).toBeUndefined();
    expect(await store.get('device-a', 'sig-2')).toBeUndefined();
  });

  it('survives reopening the database (another worker, a reload)', async () => {
    const name = `backend-choices-reopen-${n++}`;
    const first = await openTrainyardDB(name);
    await new BackendChoiceStore(first).put('d', 's', choice);
    first.close();
    expect((await new BackendChoiceStore(await openTrainyardDB(name)).get('d', 's'))?.name).toBe('wasm');
  });

  it('ignores a record that is not a remembered choice', async () => {
    const db = await fresh();
    await db.put('settings', { key: 'backend-choice/d/s', value: { name: 'wasm' } });
    expect(await new BackendChoiceStore(db).get('d', 's')).toBeUndefined();
  });

  it('forgets every remembered choice and keeps the other settings', async () => {
    const db = await fresh();
    const store = new BackendChoiceStore(db);
    await store.put('d', 's1', choice);
    await store.put('e', 's2', { ...choice, name: 'webgpu' });
    await new SettingsStore(db).put('queue', { paused: true });
    await store.clear();
    expect(await store.get('d', 's1')).toBeUndefined();
    expect(await store.get('e', 's2')).toBeUndefined();
    expect(await new SettingsStore(db).get('queue', { paused: false })).toEqual({ paused: true });
  });
});
