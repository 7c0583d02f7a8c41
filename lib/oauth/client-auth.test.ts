import { describe, expect, it } from 'vitest';
import { extractCredentials } from './client-auth';
import { InvalidClient, InvalidRequest } from './errors';

const basic = (value: string) => new Headers({ Authorization: `Basic ${btoa(value)}` });

describe('extractCredentials', () => {
  it('reads client_secret_basic, form-decoding id and secret (RFC 6749 §2.3.1)', () => {
    expect(extractCredentials(basic('my+client:s%3Acret+x'), {})).toEqual({
      method: 'client_secret_basic',
      clientId: 'my client',
      secret: 's:cret x',
    });
  });

  it('splits at the first colon only', () => {
    expect(extractCredentials(basic('id:a:b'), {})).toMatchObject({ secret: 'a:b' });
  });

  it('reads client_secret_post', () => {
    expect(extractCredentials(new Headers(), { client_id: 'id', client_secret: 's' })).toEqual({
      method: 'client_secret_post',
      clientId: 'id',
      secret: 's',
    });
  });

  it('refuses two methods at once', () => {
    expect(() => extractCredentials(basic('id:s'), { client_id: 'id', client_secret: 's' })).toThrow(InvalidRequest);
  });

  it('refuses no authentication, a bare client_id, and malformed Basic values', () => {
    expect(() => extractCredentials(new Headers(), {})).toThrow(InvalidClient);
    expect(() => extractCredentials(new Headers(), { client_id: 'id' })).toThrow(InvalidClient);
    expect(() => extractCredentials(basic('no-colon'), {})).toThrow(InvalidClient);
    expect(() => extractCredentials(basic(':secret'), {})).toThrow(InvalidClient);
    expect(() => extractCredentials(basic('id:%zz'), {})).toThrow(InvalidClient);
    expect(() => extractCredentials(new Headers({ Authorization: 'Bearer abc' }), {})).toThrow(InvalidClient);
  });

  it.each([
    ['length 1 mod 4', 'Basic abcde'],
    ['unpadded', `Basic ${btoa('id:s').replace(/=+$/, '')}`],
    ['misplaced padding', 'Basic YW=I'],
    ['not UTF-8 once decoded', `Basic ${btoa(String.fromCharCode(0xff, 0xfe, 0x3a, 0x41))}`],
    ['empty', 'Basic '],
    ['scheme only', 'Basic'],
    ['two values', `Basic ${btoa('id:s')} ${btoa('id:s')}`],
  ])('refuses a Basic value that is %s with invalid_client, never another error', (_case, value) => {
    expect(() => extractCredentials(new Headers({ Authorization: value }), {})).toThrow(InvalidClient);
  });
});


describe('extractCredentials: private_key_jwt (RFC 7523 §2.2)', () => {
  const jwt = (claims: object) => `${btoa(JSON.stringify({ alg: 'ES256' }))}.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;
  const type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

  it('names the client by the assertion\'s sub, before anything in it is verified', () => {
    expect(extractCredentials(new Headers(), { client_assertion_type: type, client_assertion: jwt({ sub: 'demo-fapi' }) })).toEqual({
      method: 'private_key_jwt',
      clientId: 'demo-fapi',
      assertion: jwt({ sub: 'demo-fapi' }),
    });
  });

  it('refuses another assertion type, a missing assertion, and a client_id other than sub', () => {
    expect(() => extractCredentials(new Headers(), { client_assertion_type: 'urn:x', client_assertion: jwt({ sub: 'a' }) })).toThrow(InvalidClient);
    expect(() => extractCredentials(new Headers(), { client_assertion_type: type })).toThrow(InvalidClient);
    expect(() => extractCredentials(new Headers(), { client_assertion_type: type, client_assertion: jwt({ sub: 'a' }), client_id: 'b' })).toThrow(InvalidClient);
  });

  it('refuses an assertion beside a client secret', () => {
    expect(() => extractCredentials(new Headers(), { client_id: 'a', client_secret: 's', client_assertion_type: type, client_assertion: jwt({ sub: 'a' }) })).toThrow(InvalidRequest);
  });
});
