import { describe, expect, it } from 'vitest';
import { isReservedName, toParamRecord, type ParamRules } from './param-record';

const rules: ParamRules = { maxEntries: 5, maxValueLength: 10, maxNameLength: 8 };
const pairs = (query: string) => new URLSearchParams(query);

describe('toParamRecord', () => {
  it('returns a record without a prototype, so no name can reach Object.prototype', () => {
    const result = toParamRecord(pairs('a=1&b=2'), rules);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.record)).toBeNull();
    expect({ ...result.record }).toEqual({ a: '1', b: '2' });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'])(
    'refuses a parameter named %s instead of dropping or keeping it',
    (name) => {
      expect(toParamRecord(pairs(`a=1&${name}=x`), { ...rules, maxNameLength: 64 })).toEqual({ ok: false, reason: 'reserved_name', name });
    },
  );

  it('refuses a repeated name unless it is declared repeatable, and then collects it in order', () => {
    expect(toParamRecord(pairs('a=1&a=2'), rules)).toEqual({ ok: false, reason: 'repeated', name: 'a' });
    const result = toParamRecord(pairs('a=1&b=x&a=2'), { ...rules, repeatable: (name) => name === 'a' });
    expect(result.ok && { ...result.record }).toEqual({ a: ['1', '2'], b: 'x' });
  });

  it('refuses too many entries, long names and long values, at the limit and not before', () => {
    expect(toParamRecord(pairs('a=1&b=1&c=1&d=1&e=1'), rules).ok).toBe(true);
    expect(toParamRecord(pairs('a=1&b=1&c=1&d=1&e=1&f=1'), rules)).toMatchObject({ ok: false, reason: 'too_many' });
    expect(toParamRecord(pairs(`abcdefgh=${'x'.repeat(10)}`), rules).ok).toBe(true);
    expect(toParamRecord(pairs('abcdefghi=1'), rules)).toMatchObject({ ok: false, reason: 'too_long' });
    expect(toParamRecord(pairs(`a=${'x'.repeat(11)}`), rules)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('skips the entries the rules say belong to the framework, without counting them', () => {
    const entries: [string, unknown][] = [['$ACTION_ID_1', ''], ['$ACTION_KEY', 'k'], ...pairs('a=1&b=1&c=1&d=1&e=1')];
    const result = toParamRecord(entries, { ...rules, skip: (name) => name.startsWith('$ACTION') });
    expect(result.ok && Object.keys(result.record)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses values that are not text (a file in a form)', () => {
    expect(toParamRecord([['a', new Blob(['1'])]], rules)).toEqual({ ok: false, reason: 'not_text', name: 'a' });
  });
});

describe('isReservedName', () => {
  it('names every member of Object.prototype and prototype, and nothing else', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(isReservedName(name)).toBe(true);
    expect(isReservedName('prototype')).toBe(true);
    expect(isReservedName('scope')).toBe(false);
    expect(isReservedName('__proto')).toBe(false);
  });
});
