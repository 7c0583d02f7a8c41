// The one place where submitted name/value pairs (OAuth query strings and form bodies,
// account-data API queries, server-action FormData) become a record for zod. security.md:
// unknown, repeated or oversized parameters are refused, not ignored. A plain `{}` would
// silently swallow `__proto__` (its setter ignores strings), so the record has no prototype,
// and the names of Object.prototype's members are refused here like any unknown name.

export type ParamRecord<V extends string | string[] = string> = Record<string, V>;

export interface ParamRules {
  maxEntries: number;
  maxValueLength: number;
  maxNameLength: number;
  /** Names collected into an array (a form's checkboxes); every other name must be single. */
  repeatable?: (name: string) => boolean;
  /** Entries the framework adds (not the user's input): neither counted nor kept. */
  skip?: (name: string) => boolean;
}

export type ParamRefusal = 'too_many' | 'too_long' | 'repeated' | 'reserved_name' | 'not_text';

export type ParamResult<V extends string | string[]> =
  | { ok: true; record: ParamRecord<V> }
  | { ok: false; reason: ParamRefusal; name: string };

const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** `__proto__`, `constructor`, `prototype`, `toString`, …: never a parameter of ours. */
export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(name);
}

export function toParamRecord(entries: Iterable<[string, unknown]>, rules: ParamRules & { repeatable?: undefined }): ParamResult<string>;
export function toParamRecord(entries: Iterable<[string, unknown]>, rules: ParamRules): ParamResult<string | string[]>;
export function toParamRecord(entries: Iterable<[string, unknown]>, rules: ParamRules): ParamResult<string | string[]> {
  const record: ParamRecord<string | string[]> = Object.create(null);
  let count = 0;
  for (const [name, value] of entries) {
    if (rules.skip?.(name)) continue;
    const refusal = refusalOf(name, value, ++count, rules);
    if (refusal) return { ok: false, reason: refusal, name };
    const text = value as string;
    const existing = record[name];
    if (existing === undefined) record[name] = rules.repeatable?.(name) ? [text] : text;
    else if (Array.isArray(existing)) existing.push(text);
    else return { ok: false, reason: 'repeated', name };
  }
  return { ok: true, record };
}

function refusalOf(name: string, value: unknown, count: number, rules: ParamRules): ParamRefusal | undefined {
  if (count > rules.maxEntries) return 'too_many';
  if (typeof value !== 'string') return 'not_text';
  if (name.length > rules.maxNameLength || value.length > rules.maxValueLength) return 'too_long';
  if (isReservedName(name)) return 'reserved_name';
  return undefined;
}
