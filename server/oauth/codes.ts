// Authorization codes (RFC 6749 §4.1.2): single use, 60 seconds, stored as SHA-256 only.
// The consent step (journey.md step 5, 許可) calls issueAuthorizationCode inside its own
// transaction so that the linkage, the PINs and the code commit together.
import { authorizationCodes } from '@/db/schema';
import { config } from '@/lib/config';
import { generateOpaqueToken, sha256Hex } from '@/lib/crypto';
import type { DbOrTx } from '../audit';

export interface IssueAuthorizationCodeInput {
  grantId: string;
  partnerId: string;
  /** The redirect_uri of the authorization request; the token request must repeat it. */
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  scopes: string[];
  /** RFC 9449 §10: the dpop_jkt of the authorization request; only that key redeems the code. */
  dpopJkt?: string | null;
  now?: Date;
}

/** Stores the code's hash and returns the code itself, to be sent to the partner once. */
export async function issueAuthorizationCode(tx: DbOrTx, input: IssueAuthorizationCodeInput): Promise<string> {
  const now = input.now ?? new Date();
  const code = generateOpaqueToken();
  await tx.insert(authorizationCodes).values({
    codeHash: sha256Hex(code),
    grantId: input.grantId,
    partnerId: input.partnerId,
    redirectUri: input.redirectUri,
    codeChallenge: input.codeChallenge,
    codeChallengeMethod: input.codeChallengeMethod,
    scopes: input.scopes,
    dpopJkt: input.dpopJkt ?? null,
    expiresAt: new Date(now.getTime() + config.authorizationCodeTtlMs),
    createdAt: now,
  });
  return code;
}
