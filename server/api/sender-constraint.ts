// RFC 9449 §7: a DPoP-bound access token works only as `Authorization: DPoP` with a proof
// of its key naming it in `ath`; an unbound token only as Bearer (partner-api.md "Security
// profiles"). The proof is verified once here; its jti is claimed with the request's audit
// row (pipeline.ts), so a DPoP read costs no database round trip of its own.
import { config } from '@/lib/config';
import { dpopProofOf, publicTargetOf, verifyDpopProof, type VerifiedProof } from '@/lib/oauth/dpop';
import { InvalidDpopProof, UseDpopNonce } from '@/lib/oauth/errors';
import { configuredDpopNonces } from '../oauth/dpop-proof';
import type { PresentedToken } from './bearer';
import { invalidDpopProofError, invalidTokenError, nonceRequiredError } from './errors';

/** The verified proof of a bound token (its jti still to be claimed), or null for a Bearer token. */
export async function checkSenderConstraint(
  request: Request,
  presented: PresentedToken,
  boundJkt: string | null,
  now: Date,
): Promise<VerifiedProof | null> {
  if (boundJkt === null) {
    if (presented.scheme === 'DPoP') throw invalidTokenError('DPoP');
    return null;
  }
  // A bound token sent as Bearer is refused, not downgraded (§7.2).
  if (presented.scheme !== 'DPoP') throw invalidTokenError('DPoP');
  let verified: VerifiedProof;
  try {
    const proof = dpopProofOf(request.headers);
    if (proof === undefined) throw new InvalidDpopProof('A DPoP proof is required.');
    verified = await verifyDpopProof(proof, {
      method: request.method,
      url: publicTargetOf(request, config.appOrigin),
      accessToken: presented.token,
      now,
      nonces: configuredDpopNonces(),
    });
  } catch (error) {
    if (error instanceof UseDpopNonce) throw nonceRequiredError(error.nonce);
    if (error instanceof InvalidDpopProof) throw invalidDpopProofError();
    throw error;
  }
  // A valid proof of another key: the token is not this sender's.
  if (verified.jkt !== boundJkt) throw invalidTokenError('DPoP');
  return verified;
}
