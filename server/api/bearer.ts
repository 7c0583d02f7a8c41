// RFC 6750 §2.1: the access token arrives in the Authorization header only. A token that
// is unknown, expired or revoked, or whose linkage ended or whose partner is suspended,
// is the same invalid_token to the caller (§3.1).
import { sha256Hex } from '@/lib/crypto';
import type { ApiStatements } from './statements';

export interface Caller {
  grantId: string;
  partnerId: string;
  companyId: string;
  scopes: ReadonlySet<string>;
}

/** What is known about a refused token, for the audit trail only. */
export interface RefusedToken {
  grantId: string;
  partnerId: string;
  companyId: string;
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; known: RefusedToken | null };

// b64token (RFC 6750 §2.1), bounded: our tokens are 43 characters.
const bearerPattern = /^Bearer ([A-Za-z0-9\-._~+/]{1,512}=*)$/i;

export function bearerTokenOf(request: Request): string | null {
  const header = request.headers.get('authorization');
  return (header && bearerPattern.exec(header)?.[1]) || null;
}

export function authenticate(statements: ApiStatements, token: string | null, now: Date): Authentication {
  if (!token) return { ok: false, known: null };
  const row = statements.accessToken.get({ tokenHash: sha256Hex(token) });
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
  return { ok: true, caller: { ...known, scopes: new Set(row.scopes.filter((scope) => granted.has(scope))) } };
}
