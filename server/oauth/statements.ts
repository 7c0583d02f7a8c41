// The token endpoint's hot statements, prepared once per connection (drizzle builds and
// SQLite compiles each one once; a request only binds values). Inside `db.transaction()`
// they run in that transaction: better-sqlite3 is synchronous on the one connection.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { grants, partners, tokens, type Token } from '@/db/schema';
import { perConnection } from '../per-connection';

const p = sql.placeholder;

function prepare(db: Db) {
  const tokenRow = (prefix: string) => ({
    tokenHash: p(`${prefix}Hash`),
    kind: p(`${prefix}Kind`),
    grantId: p('grantId'),
    partnerId: p('partnerId'),
    scopes: p(`${prefix}Scopes`),
    codeHash: p('codeHash'),
    expiresAt: p(`${prefix}ExpiresAt`),
    createdAt: p('createdAt'),
    dpopJkt: p(`${prefix}DpopJkt`),
  });
  return {
    partnerByClientId: db
      .select({
        id: partners.id,
        clientId: partners.clientId,
        clientSecretHash: partners.clientSecretHash,
        previousClientSecretHash: partners.previousClientSecretHash,
        previousSecretExpiresAt: partners.previousSecretExpiresAt,
        redirectUris: partners.redirectUris,
        scopes: partners.scopes,
        grantTypes: partners.grantTypes,
        tokenEndpointAuthMethods: partners.tokenEndpointAuthMethods,
        securityProfile: partners.securityProfile,
        jwks: partners.jwks,
        status: partners.status,
      })
      .from(partners)
      .where(eq(partners.clientId, p('clientId')))
      .prepare(),
    tokenByHash: db.select().from(tokens).where(eq(tokens.tokenHash, p('tokenHash'))).prepare(),
    grantById: db.select().from(grants).where(eq(grants.id, p('grantId'))).prepare(),
    /** Exactly one caller per refresh token gets changes === 1 (refresh-token.ts). */
    markRotated: db
      .update(tokens)
      .set({ rotatedAt: sql`${p('now')}`, successorHash: sql`${p('successorHash')}`, retryAnswer: sql`${p('retryAnswer')}`, retryUntil: sql`${p('retryUntil')}` })
      .where(and(eq(tokens.tokenHash, p('tokenHash')), isNull(tokens.rotatedAt), isNull(tokens.revokedAt)))
      .prepare(),
    insertTokenPair: db
      .insert(tokens)
      .values([tokenRow('access'), tokenRow('refresh')] as unknown as Token[])
      .prepare(),
    /** A refresh without rotation (FAPI 2.0 §5.3.2.1) stores the access token alone. */
    insertAccessToken: db
      .insert(tokens)
      .values(tokenRow('access') as unknown as Token)
      .prepare(),
  };
}

export type OAuthStatements = ReturnType<typeof prepare>;

export const oauthStatements = perConnection(prepare);
