// The person's backend choice ('auto' or one backend), kept in localStorage so it survives reloads.
import { BACKEND_ORDER, type BackendName } from '../core/backend-name';

export type BackendPreference = 'auto' | BackendName;

const KEY = 'trainyard-backend';

export function readBackendPreference(): BackendPreference {
  const stored = globalThis.localStorage?.getItem(KEY);
  return stored && (BACKEND_ORDER as readonly string[]).includes(stored) ? (stored as BackendName) : 'auto';
}

export function writeBackendPreference(preference: BackendPreference): void {
  if (preference === 'auto') globalThis.localStorage?.removeItem(KEY);
  else globalThis.localStorage?.setItem(KEY, preference);
}

/** The order the worker tries backends in: the chosen one first (the others only if it cannot start), or fastest first. */
export function backendOrder(preference: BackendPreference): BackendName[] | undefined {
  return preference === 'auto' ? undefined : [preference, ...BACKEND_ORDER.filter((b) => b !== preference)];
}
