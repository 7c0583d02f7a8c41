import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formDataToRecord, parseFormData } from './form-data';

const schema = z.strictObject({ pin: z.string(), scopes: z.array(z.string()) });

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe('formDataToRecord', () => {
  it('collects array fields and keeps single fields as strings', () => {
    expect(formDataToRecord(form([['pin', '1357'], ['scopes', 'a'], ['scopes', 'b']]), schema)).toEqual({
      pin: '1357',
      scopes: ['a', 'b'],
    });
  });

  it('refuses a repeated single field', () => {
    expect(formDataToRecord(form([['pin', '1357'], ['pin', '2468']]), schema)).toBeNull();
  });

  it('refuses oversized values and files', () => {
    expect(formDataToRecord(form([['pin', 'x'.repeat(1025)]]), schema)).toBeNull();
    const withFile = new FormData();
    withFile.append('pin', new Blob(['1357']), 'pin.txt');
    expect(formDataToRecord(withFile, schema)).toBeNull();
  });

  it("skips Next.js's own action fields but leaves unknown fields for the strict schema to refuse", () => {
    const record = formDataToRecord(form([['$ACTION_ID_abc', ''], ['extra', '1'], ['pin', '1357']]), schema);
    expect(record).toEqual({ extra: '1', pin: '1357' });
    expect(schema.safeParse(record).success).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a field named %s', (name) => {
    expect(formDataToRecord(form([['pin', '1357'], [name, 'x']]), schema)).toBeNull();
  });
});

describe('parseFormData', () => {
  it('answers invalidForm for a field named __proto__ (a server action never sees it)', () => {
    const parsed = parseFormData(form([['pin', '1357'], ['scopes', 'a'], ['__proto__', 'x']]), schema);
    expect(parsed).toEqual({ ok: false, state: { message: 'invalidForm' } });
  });

  it('answers invalidForm for an unknown field and field errors for a bad value', () => {
    expect(parseFormData(form([['pin', '1357'], ['scopes', 'a'], ['extra', '1']]), schema)).toMatchObject({
      ok: false,
      state: { message: 'invalidForm' },
    });
    const bad = parseFormData(form([['pin', '1357']]), schema);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && Object.keys(bad.state.errors ?? {})).toEqual(['scopes']);
  });

  it('returns the parsed data of a valid form', () => {
    expect(parseFormData(form([['pin', '1357'], ['scopes', 'a']]), schema)).toEqual({
      ok: true,
      data: { pin: '1357', scopes: ['a'] },
    });
  });
});
