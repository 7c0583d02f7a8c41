// An OAuth test bench: a fresh database with the demo data, a movable clock, handlers built
// on them, and helpers that stand in for the consent step (a grant plus a real code).
import { openDatabase, type Db } from '@/db/client';
import { closePostgres, openPostgres } from '@/db/postgres';
import type { DemoSeed } from '@/db/seed/demo';
import { grantAccounts, grants } from '@/db/schema';
import { newId } from '@/lib/crypto';
import { JWT_BEARER_ASSERTION_TYPE } from '@/lib/oauth/client-assertion';
import { computeS256Challenge } from '@/lib/oauth/pkce';
import { createAuthorizeHandler } from '@/server/oauth/authorize-handler';
import { issueAuthorizationCode } from '@/server/oauth/codes';
import { oauthDeps, type OAuthDeps } from '@/server/oauth/deps';
import { createIntrospectHandler } from '@/server/oauth/introspect-handler';
import { createParHandler } from '@/server/oauth/par-handler';
import { createRevokeHandler } from '@/server/oauth/revoke-handler';
import { createTokenHandler } from '@/server/oauth/token-handler';
import { writeTransaction } from '@/server/write-transaction';
import { createSeededTempDb, onPostgres } from './temp-db';

export const DEMO_REDIRECT_URI = 'http://localhost:4000/callback';
export const ALL_SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];
export const KAIKEI = { clientId: 'demo-kaikei', secret: 'demo-kaikei-secret' } as const;
export const FEED = { clientId: 'demo-feed', secret: 'demo-feed-secret' } as const;
export type Credentials = { clientId: string; secret: string };

export interface OAuthBench {
  db: Db;
  /** The SQLite file (SQLite runs only). */
  file: string;
  /** What a child process needs to open the same database. */
  env: Record<string, string>;
  seed: DemoSeed;
  clock: { now: Date };
  deps: OAuthDeps;
  authorize: (request: Request) => Promise<Response>;
  token: (request: Request) => Promise<Response>;
  revoke: (request: Request) => Promise<Response>;
  introspect: (request: Request) => Promise<Response>;
  par: (request: Request) => Promise<Response>;
  cleanup: () => Promise<void>;
}

export async function createOAuthBench(): Promise<OAuthBench> {
  const { db, file, env, cleanup, seed } = await createSeededTempDb();
  const clock = { now: new Date() };
  const deps = oauthDeps(db, { now: () => clock.now });
  return {
    db,
    file,
    env,
    seed,
    clock,
    deps,
    authorize: createAuthorizeHandler(deps),
    token: createTokenHandler(deps),
    revoke: createRevokeHandler(deps),
    introspect: createIntrospectHandler(deps),
    par: createParHandler(deps),
    cleanup,
  };
}

/**
 * A connection of its own to the same test database, as another process would have (the
 * lean partner server beside the app): a second SQLite connection to the file, or a second
 * PostgreSQL pool. Rules that must hold across processes are tested through it.
 */
export function secondConnection(temp: { file: string; env: Record<string, string> }): { db: Db; close: () => Promise<void> } {
  if (onPostgres) {
    const db = openPostgres(temp.env.DATABASE_URL!, 2);
    return { db, close: () => closePostgres(db) };
  }
  const db = openDatabase(temp.file);
  return {
    db,
    close: async () => {
      db.$client.close(); // eslint-disable-line no-restricted-syntax -- a SQLite connection of the test's own
    },
  };
}

/** A verifier of 43+ characters from the RFC 7636 §4.1 alphabet. */
export function newVerifier(): string {
  return `v-${crypto.randomUUID()}-${crypto.randomUUID()}`.slice(0, 64);
}

export interface IssuedCode {
  code: string;
  verifier: string;
  grantId: string;
}

/** What 許可 does for the token endpoint: a linkage and a code bound to a PKCE challenge. */
export async function consent(
  bench: OAuthBench,
  options: { clientId?: string; scopes?: string[]; grantDays?: number; redirectUri?: string } = {},
): Promise<IssuedCode> {
  const partnerId = bench.seed.partnerIds[options.clientId ?? KAIKEI.clientId]!;
  const scopes = options.scopes ?? ALL_SCOPES;
  const verifier = newVerifier();
  const grantId = newId('grt');
  const now = bench.clock.now;
  const code = await writeTransaction(bench.db, async (tx) => {
    await tx.insert(grants).values({
      id: grantId,
      companyId: bench.seed.companyIds.tsunagu01,
      userId: bench.seed.userIds.tsunagu01,
      partnerId,
      scopes,
      expiresAt: new Date(now.getTime() + (options.grantDays ?? 90) * 86_400_000),
      createdAt: now,
    });
    await tx.insert(grantAccounts).values({ grantId, accountId: bench.seed.accountIds['2222222']! });
    return issueAuthorizationCode(tx, {
      grantId,
      partnerId,
      redirectUri: options.redirectUri ?? DEMO_REDIRECT_URI,
      codeChallenge: computeS256Challenge(verifier),
      codeChallengeMethod: 'S256',
      scopes,
      now,
    });
  });
  return { code, verifier, grantId };
}

/** RFC 6749 §2.3.1: form-urlencode id and secret, then Base64 the pair. */
export function basicAuthorization({ clientId, secret }: Credentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`;
}

/** `assertion`: private_key_jwt (RFC 7523 §2.2), e.g. from test/client-assertions.ts. */
export type ClientAuth = { basic: Credentials } | { post: Credentials } | { assertion: string } | 'none';

export function formPost(
  path: string,
  params: Record<string, string>,
  auth: ClientAuth = { basic: KAIKEI },
  headers: Record<string, string> = {},
): Request {
  const body = new URLSearchParams(params);
  const all: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers };
  if (auth !== 'none' && 'basic' in auth) all.Authorization = basicAuthorization(auth.basic);
  if (auth !== 'none' && 'post' in auth) {
    body.set('client_id', auth.post.clientId);
    body.set('client_secret', auth.post.secret);
  }
  if (auth !== 'none' && 'assertion' in auth) {
    body.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
    body.set('client_assertion', auth.assertion);
  }
  return new Request(`http://localhost:3000${path}`, { method: 'POST', headers: all, body: body.toString() });
}

export function codeRequest(issued: IssuedCode, extra: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code: issued.code,
    redirect_uri: DEMO_REDIRECT_URI,
    code_verifier: issued.verifier,
    ...extra,
  };
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
  authorization_expires_at: number;
}

/** Runs the real code exchange and returns the tokens (fails the test if it does not work). */
export async function obtainTokens(bench: OAuthBench, given?: IssuedCode, auth: ClientAuth = { basic: KAIKEI }) {
  const issued = given ?? (await consent(bench));
  const response = await bench.token(formPost('/oauth/token', codeRequest(issued), auth));
  if (response.status !== 200) throw new Error(`token exchange failed: ${await response.text()}`);
  return { issued, tokens: (await response.json()) as TokenBody };
}

/** The parameters of a valid authorization request (for the query or a PAR body). */
export function authorizationParams(clientId: string = KAIKEI.clientId, extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: DEMO_REDIRECT_URI,
    scope: 'accounts:read transactions:read',
    state: 'par-state',
    code_challenge: computeS256Challenge(newVerifier()),
    code_challenge_method: 'S256',
    ...extra,
  };
}

/** GET /oauth/authorize with this query, as a browser sends it. */
export function authorizeRequest(query: Record<string, string> | string): Request {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return new Request(`http://localhost:3000/oauth/authorize?${search}`, { headers: { 'User-Agent': 'vitest' } });
}
