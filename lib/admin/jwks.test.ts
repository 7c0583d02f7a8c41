import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_FAPI_PRIVATE_JWK, DEMO_FAPI_PUBLIC_JWK } from '@/db/seed/demo-fapi-key';
import { jwksProblem } from './jwks';

const generate = generateKeyPairSync as unknown as (type: string, options: object) => { publicKey: KeyObject };
const jwk = (type: 'ed25519' | 'rsa' | 'ec', options: object = {}) => generate(type, options).publicKey.export({ format: 'jwk' }) as Record<string, unknown>;

describe('a fapi2 partner JWK Set', () => {
  it('accepts public EC P-256, Ed25519 and RSA-2048 signing keys with distinct kids', async () => {
    const keys = [DEMO_FAPI_PUBLIC_JWK, { ...jwk('ed25519'), kid: 'ed' }, { ...jwk('rsa', { modulusLength: 2048 }), kid: 'rsa', use: 'sig' }];
    expect(await jwksProblem({ keys: keys as Record<string, unknown>[] })).toBeNull();
  });

  it('refuses a private key', async () => {
    expect(await jwksProblem({ keys: [DEMO_FAPI_PRIVATE_JWK as unknown as Record<string, unknown>] })).toBe('jwksPrivate');
    expect(await jwksProblem({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }] })).toBe('jwksPrivate');
  });

  it('refuses RSA below 2048 bits, other curves, encryption keys and keys without or with a repeated kid', async () => {
    expect(await jwksProblem({ keys: [{ ...jwk('rsa', { modulusLength: 1024 }), kid: 'small' }] })).toBe('jwksKeyType');
    expect(await jwksProblem({ keys: [{ ...jwk('ec', { namedCurve: 'P-384' }), kid: 'p384' }] })).toBe('jwksKeyType');
    expect(await jwksProblem({ keys: [{ ...DEMO_FAPI_PUBLIC_JWK, use: 'enc' }] })).toBe('jwksKeyType');
    const { kid: _kid, ...noKid } = DEMO_FAPI_PUBLIC_JWK as unknown as Record<string, unknown>;
    expect(await jwksProblem({ keys: [noKid] })).toBe('jwksKid');
    expect(await jwksProblem({ keys: [DEMO_FAPI_PUBLIC_JWK, DEMO_FAPI_PUBLIC_JWK] as unknown as Record<string, unknown>[] })).toBe('jwksKid');
  });

  it('refuses a key jose cannot import (a point that is not on the curve)', async () => {
    expect(await jwksProblem({ keys: [{ ...DEMO_FAPI_PUBLIC_JWK, x: 'AAAA' }] })).toBe('jwksInvalid');
  });
});
