// The token endpoint's hot statements, prepared once (db/prepared.ts: SQLite compiles each
// once per connection, PostgreSQL once per pooled connection by name); a request only binds
// values. Called with a transaction's handle they run in that transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedFirst, preparedRun } from '@/db/prepared';
import { grants, partners, tokens, type Token } from '@/db/schema';

const p = sql.placeholder;

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

export const partnerByClientId = preparedFirst('oauth_partner_by_client_id', (db) =>
  db
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
    .where(eq(partners.clientId, p('clientId'))),
);

export const tokenByHash = preparedFirst('oauth_token_by_hash', (db) => db.select().from(tokens).where(eq(tokens.tokenHash, p('tokenHash'))));

export const grantById = preparedFirst('oauth_grant_by_id', (db) => db.select().from(grants).where(eq(grants.id, p('grantId'))));

/** Exactly one caller per refresh token changes the row (refresh-token.ts). */
export const markRotatedStatement = preparedRun('oauth_mark_rotated', (db) =>
  db
    .update(tokens)
    .set({ rotatedAt: sql`${p('now')}`, successorHash: sql`${p('successorHash')}`, retryAnswer: sql`${p('retryAnswer')}`, retryUntil: sql`${p('retryUntil')}` })
    .where(and(eq(tokens.tokenHash, p('tokenHash')), isNull(tokens.rotatedAt), isNull(tokens.revokedAt))),
);

export const insertTokenPair = preparedRun('oauth_insert_token_pair', (db) => db.insert(tokens).values([tokenRow('access'), tokenRow('refresh')] as unknown as Token[]));

/** A refresh without rotation (FAPI 2.0 §5.3.2.1) stores the access token alone. */
export const insertAccessToken = preparedRun('oauth_insert_access_token', (db) => db.insert(tokens).values(tokenRow('access') as unknown as Token));
