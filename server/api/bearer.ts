// RFC 6750 §2.1, RFC 9449 §7.1: the access token arrives in the Authorization header only,
// as `Bearer` or `DPoP`. A token that is unknown, expired or revoked, or whose linkage ended
// or whose partner is suspended, is the same invalid_token to the caller (§3.1).
import { sha256Hex } from '@/lib/crypto';
import type { AuthScheme } from './errors';
import type { ApiStatements } from './statements';

export interface Caller {
  grantId: string;
  partnerId: string;
  companyId: string;
  scopes: ReadonlySet<string>;
  /** RFC 9449 §6: the thumbprint of the key the token is bound to, or null (a Bearer token). */
  dpopJkt: string | null;
}

/** What is known about a refused token, for the audit trail only. */
export interface RefusedToken {
  grantId: string;
  partnerId: string;
  companyId: string;
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; known: RefusedToken | null };

export interface PresentedToken {
  scheme: AuthScheme;
  token: string;
}

// b64token (RFC 6750 §2.1, RFC 9449 §7.1), bounded: our tokens are 43 characters.
const authorizationPattern = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]{1,512}=*)$/i;

export function presentedTokenOf(request: Request): PresentedToken | null {
  const header = request.headers.get('authorization');
  const match = header ? authorizationPattern.exec(header) : null;
  if (!match) return null;
  return { scheme: match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2]! };
}

export function bearerTokenOf(request: Request): string | null {
  const presented = presentedTokenOf(request);
  return presented?.scheme === 'Bearer' ? presented.token : null;
}

export async function authenticate(statements: ApiStatements, token: string | null, now: Date): Promise<Authentication> {
  if (!token) return { ok: false, known: null };
  const row = await statements.accessToken({ tokenHash: sha256Hex(token) });
  if (!row) return { ok: false, known: null };
  const nowMs = now.getTime();
  const known = { grantId: row.grantId, partnerId: row.partnerId, companyId: row.companyId };
  const valid =
    row.revokedAt === null &&
    row.expiresAt.getTime() > nowMs &&
    row.grantRevokedAt === null &&
    row.grantExpiresAt.getTime() > nowMs &&
    row.partnerStatus === 'active';
  if (!valid) return { ok: false, known };
  // A token never carries more than its linkage holds (partner-api.md "Scopes").
  const granted = new Set(row.grantScopes);
  return { ok: true, caller: { ...known, scopes: new Set(row.scopes.filter((scope) => granted.has(scope))), dpopJkt: row.dpopJkt } };
}
