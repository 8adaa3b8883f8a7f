// Small checked schemas for records read from outside (imported runs and analyses): each check takes an
// unknown value and returns it typed, or throws a `SchemaError` naming where it is wrong and what was
// expected. `Infer` gives the record's type, so the schema and the stored type cannot drift apart.

export type Check<T> = (value: unknown, at: string) => T;
export type Infer<C> = C extends Check<infer T> ? T : never;

/** A field that may be missing: its key is left out of the checked object. */
export interface OptionalCheck<T> extends Check<T | undefined> {
  readonly optional: true;
}

export class SchemaError extends Error {
  constructor(readonly at: string, readonly expected: string, value: unknown) {
    super(`${at ? `"${at}"` : 'the record'} must be ${expected}, but is ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const expect = <T>(ok: (v: unknown) => boolean, expected: string): Check<T> => (value, at) => {
  if (!ok(value)) throw new SchemaError(at, expected, value);
  return value as T;
};

export const text: Check<string> = expect((v) => typeof v === 'string', 'text');
export const nonEmptyText: Check<string> = expect((v) => typeof v === 'string' && v !== '', 'non-empty text');
export const flag: Check<boolean> = expect((v) => typeof v === 'boolean', 'true or false');
export const finiteNumber: Check<number> = expect((v) => typeof v === 'number' && Number.isFinite(v), 'a number');

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return expect((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max, `a whole number from ${min} to ${max}`);
}

/**
 * A measured number (a loss, an accuracy, a time). JSON writes NaN and ±Infinity as null, and older records
 * may lack a field, so null and absent read back as NaN: every view and export shows NaN as "—".
 */
export const measured: Check<number> = (value, at) => {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value !== 'number') throw new SchemaError(at, 'a number or null', value);
  return value;
};

/** A number where null has its own meaning (an empty calibration bin): non-finite numbers read as null. */
export const numberOrNull: Check<number | null> = (value, at) => {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new SchemaError(at, 'a number or null', value);
  return Number.isFinite(value) ? value : null;
};

export function oneOf<const T extends string | number>(...values: T[]): Check<T> {
  return expect((v) => (values as unknown[]).includes(v), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

export function list<T>(item: Check<T>, maxLength = 1_000_000): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) throw new SchemaError(at, 'a list', value);
    if (value.length > maxLength) throw new SchemaError(at, `a list of at most ${maxLength} items`, `${value.length} items`);
    return value.map((v, i) => item(v, `${at}[${i}]`));
  };
}

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  return Object.assign((value: unknown, at: string) => (value === undefined ? undefined : check(value, at)), { optional: true as const });
}

/** A field older records may lack, read as `fallback`. */
export function withDefault<T>(check: Check<T>, fallback: T): Check<T> {
  return (value, at) => (value === undefined ? fallback : check(value, at));
}

/** Any object, taken as `T`: for parts checked elsewhere (model layers by `checkSpec` when a model is built). */
export function objectOf<T extends object>(expected: string): Check<T> {
  return expect((v) => isPlainObject(v), expected);
}

/** A further rule on an already checked value: `rule` returns what is wrong, or undefined. */
export function refine<T>(check: Check<T>, rule: (value: T) => string | undefined): Check<T> {
  return (value, at) => {
    const checked = check(value, at);
    const wrong = rule(checked);
    if (wrong !== undefined) throw new SchemaError(at, wrong, value);
    return checked;
  };
}

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalCheck<unknown> ? K : never }[keyof S];
export type ObjectOf<S extends Shape> =
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { -readonly [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> };

/** An object with these fields; unknown fields are dropped, so nothing unchecked is stored. */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (value, at) => {
    if (!isPlainObject(value)) throw new SchemaError(at, 'an object', value);
    // A null-prototype result: a field named __proto__ in the file stays data.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, check] of Object.entries(shape)) {
      const field = Object.hasOwn(value, key) ? value[key] : undefined;
      const checked = check(field, at ? `${at}.${key}` : key);
      if (checked !== undefined) out[key] = checked;
    }
    return { ...out } as ObjectOf<S>;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The checked value, or one sentence naming the file, the field and what was expected. */
export function parseWith<T>(check: Check<T>, value: unknown, path: string): T | string {
  try {
    return check(value, '');
  } catch (error) {
    if (error instanceof SchemaError) return `${path}: ${error.message}`;
    throw error;
  }
}
