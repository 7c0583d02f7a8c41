// A fapi2 partner's JWK Set (FAPI 2.0 §5.4: ES256/PS256/EdDSA signing keys). Every key is
// imported with jose so that a malformed key is refused at registration, not at the first
// token request; private members would make the registry hold the partner's private key.
import { importJWK, type JWK } from 'jose';

export type JwksProblem = 'jwksInvalid' | 'jwksPrivate' | 'jwksKeyType' | 'jwksKid';

export interface PublicJwks {
  keys: Record<string, unknown>[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_KEYS = 10;

export function parseJwksText(text: string): PublicJwks | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const keys = (value as { keys?: unknown }).keys;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS) return null;
    if (!keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) return null;
    return { keys: keys as Record<string, unknown>[] };
  } catch {
    return null;
  }
}

// FAPI 2.0 §5.4.1: PS256, ES256 or EdDSA; a key that names another algorithm is refused.
const ALG_FOR = { EC: 'ES256', OKP: 'EdDSA', RSA: 'PS256' } as const;

function keyTypeProblem(key: Record<string, unknown>): JwksProblem | null {
  if (PRIVATE_MEMBERS.some((member) => member in key)) return 'jwksPrivate';
  if (typeof key.kid !== 'string' || key.kid === '' || key.kid.length > 128) return 'jwksKid';
  if (key.use !== undefined && key.use !== 'sig') return 'jwksKeyType';
  if (key.alg !== undefined && key.alg !== ALG_FOR[key.kty as keyof typeof ALG_FOR]) return 'jwksKeyType';
  const signing = key.kty === 'EC' ? key.crv === 'P-256' : key.kty === 'OKP' ? key.crv === 'Ed25519' : key.kty === 'RSA';
  return signing ? null : 'jwksKeyType';
}


/** null when every key is a public EC P-256, Ed25519 or RSA ≥ 2048-bit signing key with a kid. */
export async function jwksProblem(jwks: PublicJwks): Promise<JwksProblem | null> {
  const kids = new Set<string>();
  for (const key of jwks.keys) {
    const problem = keyTypeProblem(key);
    if (problem) return problem;
    if (kids.has(key.kid as string)) return 'jwksKid';
    kids.add(key.kid as string);
    try {
      const imported = await importJWK(key as JWK, ALG_FOR[key.kty as keyof typeof ALG_FOR]);
      if (imported instanceof Uint8Array || imported.type !== 'public') return 'jwksPrivate';
      if (key.kty === 'RSA' && ((imported.algorithm as RsaHashedKeyAlgorithm).modulusLength ?? 0) < 2048) return 'jwksKeyType';
    } catch {
      return 'jwksInvalid';
    }
  }
  return null;
}
