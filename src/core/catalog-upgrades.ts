// Changes to the built-in catalog that must reach databases seeded by older versions. Seeding never overwrites a
// stored entry (it may hold the user's edits), so each upgrade changes one field of a built-in only while that
// field still holds what the older version shipped, and runs once per database: a value the user sets afterwards,
// even the old one, stays.
import type { HParams, Validation } from './hparams';
import type { ModelSpec } from './model-spec';

export interface CatalogUpgrade {
  /** Recorded in the database once applied. */
  id: string;
  /** The upgraded set, or undefined to leave `stored` as it is. */
  hparams?(stored: HParams, builtIn: HParams): HParams | undefined;
  /** The upgraded model, or undefined to leave `stored` as it is. */
  models?(stored: ModelSpec, builtIn: ModelSpec): ModelSpec | undefined;
}

/** What the built-in sets validated on before validation came from train (absent meant the test split). */
const OLD_BUILT_IN_VALIDATION = new Map<string, Validation | undefined>([
  ['quick', undefined],
  ['original', { kind: 'test' }],
]);

const sameValidation = (a: Validation | undefined, b: Validation | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

export const CATALOG_UPGRADES: readonly CatalogUpgrade[] = [
  {
    id: 'built-in-validation-from-train',
    hparams(stored, builtIn) {
      if (!OLD_BUILT_IN_VALIDATION.has(stored.id) || !sameValidation(stored.validation, OLD_BUILT_IN_VALIDATION.get(stored.id))) return undefined;
      return builtIn.validation ? { ...stored, validation: { ...builtIn.validation } } : undefined;
    },
  },
  {
    // Photo-like datasets get the pretrained backbone; the MLP stays for small images (it had no `data` before).
    id: 'mlp-for-small-images',
    models(stored, builtIn) {
      return stored.id === 'mlp' && stored.data === undefined && builtIn.data ? { ...stored, data: builtIn.data } : undefined;
    },
  },
];

/** The stored models that the not-yet-applied upgrades change, each once with every change applied. */
export function upgradeModels(stored: readonly ModelSpec[], builtIns: readonly ModelSpec[], upgrades: readonly CatalogUpgrade[]): ModelSpec[] {
  return upgradeEntries(stored, builtIns, (m, builtIn) => upgrades.reduce<ModelSpec>((x, upgrade) => upgrade.models?.(x, builtIn) ?? x, m));
}

/** The stored sets that the not-yet-applied upgrades change, each once with every change applied. */
export function upgradeHParams(stored: readonly HParams[], builtIns: readonly HParams[], upgrades: readonly CatalogUpgrade[]): HParams[] {
  return upgradeEntries(stored, builtIns, (h, builtIn) => upgrades.reduce<HParams>((x, upgrade) => upgrade.hparams?.(x, builtIn) ?? x, h));
}

/** The stored built-ins that `upgrade` changes (it returns the entry itself when nothing changes). */
function upgradeEntries<T extends { id: string }>(stored: readonly T[], builtIns: readonly T[], upgrade: (entry: T, builtIn: T) => T): T[] {
  const builtInById = new Map(builtIns.map((b) => [b.id, b]));
  return stored.flatMap((original) => {
    const builtIn = builtInById.get(original.id);
    const upgraded = builtIn ? upgrade(original, builtIn) : original;
    return upgraded !== original ? [upgraded] : [];
  });
}
