import { describe, expect, it } from 'vitest';
import { registrationSchema } from './partner-schemas';
import { redirectUriProblem, redirectUrisProblem } from './redirect-uris';

const dev = { allowLocalhostHttp: true };
const production = { allowLocalhostHttp: false };

describe('redirect URI rules', () => {
  it('accepts an exact https URI and, outside production, http://localhost with a port', () => {
    expect(redirectUriProblem('https://app.example.com/oauth/callback', production)).toBeNull();
    expect(redirectUriProblem('http://localhost:4000/callback', dev)).toBeNull();
  });

  it('refuses http://localhost in production, and plain http anywhere', () => {
    expect(redirectUriProblem('http://localhost:4000/callback', production)).toBe('redirectUriHttps');
    expect(redirectUriProblem('http://app.example.com/callback', dev)).toBe('redirectUriHttps');
    expect(redirectUriProblem('http://127.0.0.1:4000/callback', dev)).toBe('redirectUriHttps');
  });

  it('refuses a fragment, a wildcard, user info, a non-canonical spelling and a non-URL', () => {
    expect(redirectUriProblem('https://app.example.com/cb#x', dev)).toBe('redirectUriFragment');
    expect(redirectUriProblem('https://*.example.com/cb', dev)).toBe('redirectUriInvalid');
    expect(redirectUriProblem('https://user:pw@app.example.com/cb', dev)).toBe('redirectUriInvalid');
    expect(redirectUriProblem('https://APP.example.com/cb', dev)).toBe('redirectUriInvalid');
    expect(redirectUriProblem('app.example.com/cb', dev)).toBe('redirectUriInvalid');
    expect(redirectUriProblem(`https://app.example.com/${'a'.repeat(600)}`, dev)).toBe('redirectUriInvalid');
  });

  it('refuses duplicates, none, and more than ten', () => {
    expect(redirectUrisProblem(['https://a.example/cb', 'https://a.example/cb'], dev)).toBe('redirectUriDuplicate');
    expect(redirectUrisProblem([], dev)).toBe('redirectUriCount');
    expect(redirectUrisProblem(Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`), dev)).toBe('redirectUriCount');
  });

  it('reads one URI per line in the registration form and names the field that is wrong', () => {
    const form = {
      companyName: '株式会社テスト',
      serviceName: 'テスト会計',
      websiteUrl: 'https://test.example/',
      registrationNumber: '関東財務局長（電代）第12号',
      grantPeriodDays: '90',
      listedSince: '',
      redirectUris: 'https://test.example/cb\r\n\r\n  https://test.example/cb2  ',
      scopes: ['accounts:read'],
      securityProfile: 'basic',
      jwks: '',
    };
    const parsed = registrationSchema(production).parse(form);
    expect(parsed.redirectUris).toEqual(['https://test.example/cb', 'https://test.example/cb2']);
    expect([parsed.registrationNumber, parsed.listedSince, parsed.customerChoosesScopes, parsed.grantPeriodDays]).toEqual(['関東財務局長（電代）第12号', null, false, 90]);

    const refused = registrationSchema(production).safeParse({ ...form, redirectUris: 'http://localhost:4000/callback', registrationNumber: '第1号', grantPeriodDays: '366', websiteUrl: 'http://test.example/' });
    const fields = refused.success ? {} : Object.fromEntries(refused.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(fields).toEqual({ redirectUris: 'redirectUriHttps', registrationNumber: 'registrationNumberFormat', grantPeriodDays: 'periodRange', websiteUrl: 'websiteInvalid' });
  });

  it('needs a JWK Set for fapi2 and refuses one for basic', () => {
    const base = { companyName: 'a', serviceName: 'b', websiteUrl: 'https://x.example/', registrationNumber: '', grantPeriodDays: '30', listedSince: '', redirectUris: 'https://x.example/cb', scopes: ['accounts:read'] };
    const issues = (value: object) => {
      const result = registrationSchema(dev).safeParse({ ...base, ...value });
      return result.success ? [] : result.error.issues.map((issue) => issue.message);
    };
    expect(issues({ securityProfile: 'fapi2', jwks: '' })).toEqual(['jwksInvalid']);
    expect(issues({ securityProfile: 'fapi2', jwks: '{"keys":[]}' })).toEqual(['jwksInvalid']);
    expect(issues({ securityProfile: 'basic', jwks: '{"keys":[{}]}' })).toEqual(['jwksBasic']);
    expect(issues({ securityProfile: 'fapi2', jwks: '{"keys":[{"kty":"EC"}]}' })).toEqual([]);
  });
});
