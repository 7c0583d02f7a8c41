import { describe, expect, it } from 'vitest';
import { InvalidRequest } from './errors';
import { MAX_PARAMETER_LENGTH, paramsFrom } from './params';

describe('paramsFrom', () => {
  it('returns single-valued parameters and drops empty ones (RFC 6749 §3.1)', () => {
    expect(paramsFrom(new URLSearchParams('a=1&b=&c=x%20y'))).toEqual({ a: '1', c: 'x y' });
  });

  it('refuses a repeated parameter, even when one copy is empty', () => {
    expect(() => paramsFrom(new URLSearchParams('scope=a&scope=b'))).toThrow(InvalidRequest);
    expect(() => paramsFrom(new URLSearchParams('scope=&scope=b'))).toThrow(InvalidRequest);
  });

  it('refuses oversized values and too many parameters', () => {
    expect(() => paramsFrom(new URLSearchParams({ a: 'x'.repeat(MAX_PARAMETER_LENGTH + 1) }))).toThrow(InvalidRequest);
    expect(paramsFrom(new URLSearchParams({ a: 'x'.repeat(MAX_PARAMETER_LENGTH) })).a).toHaveLength(MAX_PARAMETER_LENGTH);
    const many = new URLSearchParams(Array.from({ length: 21 }, (_, i) => [`p${i}`, '1']));
    expect(() => paramsFrom(many)).toThrow(InvalidRequest);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a parameter named %s like any unknown one', (name) => {
    expect(() => paramsFrom(new URLSearchParams(`${name}=x&a=1`))).toThrow(InvalidRequest);
    expect(() => paramsFrom(new URLSearchParams(`a=1&${encodeURIComponent(name)}=`))).toThrow(InvalidRequest);
  });

  it('returns a record without a prototype', () => {
    const params = paramsFrom(new URLSearchParams('a=1'));
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(params.constructor).toBeUndefined();
  });
});
