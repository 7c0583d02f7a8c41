// The DPoP proof of a token request (RFC 9449 §5): verified against the public token
// endpoint URL, its jti claimed once in the database (every process sees the claim).
// A fapi2 partner must send one (partner-api.md "Security profiles"); a basic partner may,
// and then its access tokens are bound too — a proof that is sent is never ignored.
import type { Db } from '@/db/client';
import { config } from '@/lib/config';
import { dpopProofOf, publicTargetOf, replayedProof, verifyDpopProof } from '@/lib/oauth/dpop';
import { createDpopNonces, type DpopNonces } from '@/lib/oauth/dpop-nonce';
import { InvalidDpopProof } from '@/lib/oauth/errors';
import type { OAuthClient } from '@/lib/oauth/client';
import { groupCommit } from '../group-commit';
import { claimJtiOnce } from './replay-store';

/** The server nonces when DPOP_NONCE_SECRET is set (one instance per secret). */
export function configuredDpopNonces(): DpopNonces | undefined {
  const secret = config.dpopNonceSecret;
  if (!secret) return undefined;
  if (cachedNonces?.secret !== secret) cachedNonces = { secret, nonces: createDpopNonces(secret) };
  return cachedNonces.nonces;
}
let cachedNonces: { secret: string; nonces: DpopNonces } | undefined;

/** The thumbprint of the proof's key, or null when a basic partner sent none. */
export async function tokenRequestProofKey(db: Db, request: Request, client: OAuthClient, now: Date): Promise<string | null> {
  if (dpopProofOf(request.headers) === undefined && client.securityProfile === 'fapi2') {
    throw new InvalidDpopProof('A DPoP proof is required.');
  }
  return sentProofKey(db, request, now);
}

/** The thumbprint of the key of the request's DPoP proof once checked, or null without one. */
export async function sentProofKey(db: Db, request: Request, now: Date): Promise<string | null> {
  const proof = dpopProofOf(request.headers);
  if (proof === undefined) return null;
  const verified = await verifyDpopProof(proof, {
    method: request.method,
    url: publicTargetOf(request, config.appOrigin),
    now,
    nonces: configuredDpopNonces(),
  });
  // Claimed in a shared commit with the proofs arriving together (group-commit.ts).
  const fresh = await groupCommit(db)((tx) => claimJtiOnce(tx, 'dpop_proof', verified.jkt, verified.jti, verified.replayUntil));
  if (!fresh) throw replayedProof();
  return verified.jkt;
}
