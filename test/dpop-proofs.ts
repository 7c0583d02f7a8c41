// DPoP proofs signed in the test, as a partner would sign them (RFC 9449 §4.2): a throwaway
// key per test, or demo-fapi's published key (demo-data.md).
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEMO_FAPI_PRIVATE_JWK, DEMO_FAPI_PUBLIC_JWK } from '@/db/seed/demo-fapi-key';
import { sha256Base64url } from '@/lib/crypto';

export interface DpopKey {
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** RFC 7638 thumbprint: what tokens bound to this key store. */
  jkt: string;
}

export async function newDpopKey(alg: 'ES256' | 'PS256' | 'EdDSA' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

export async function demoFapiDpopKey(): Promise<DpopKey> {
  const privateKey = (await importJWK({ ...DEMO_FAPI_PRIVATE_JWK }, 'ES256')) as CryptoKey;
  const publicJwk: JWK = { ...DEMO_FAPI_PUBLIC_JWK };
  return { alg: 'ES256', privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

export interface ProofInput {
  htm: string;
  htu: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  jti?: string;
  /** Puts `ath` for this access token into the proof. */
  accessToken?: string;
  nonce?: string;
  /** Replaces or removes (undefined) claims after the defaults. */
  claims?: Record<string, unknown>;
  /** Replaces or removes (undefined) protected header members after the defaults. */
  header?: Record<string, unknown>;
}

export async function signProof(key: DpopKey, input: ProofInput): Promise<string> {
  const claims: Record<string, unknown> = {
    jti: input.jti ?? crypto.randomUUID(),
    htm: input.htm,
    htu: input.htu,
    iat: input.iat ?? Math.floor(Date.now() / 1000),
    ...(input.accessToken === undefined ? {} : { ath: sha256Base64url(input.accessToken) }),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...input.claims,
  };
  const header = withoutUndefined({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk, ...input.header });
  return new SignJWT(withoutUndefined(claims)).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

/** A proof with `alg` none: header and claims, no signature (jose never signs one). */
export function unsignedProof(key: DpopKey, input: ProofInput): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { jti: crypto.randomUUID(), htm: input.htm, htu: input.htu, iat: input.iat ?? Math.floor(Date.now() / 1000) };
  return `${encode({ alg: 'none', typ: 'dpop+jwt', jwk: key.publicJwk })}.${encode(claims)}.`;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
