// Storage of pushed authorization requests (RFC 9126): only the hash of the request_uri's
// random part is kept. Taking one is a conditional UPDATE (unused, unexpired, this client),
// so of two browsers opening the same request_uri exactly one gets it.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { pushedAuthorizationRequests } from '@/db/schema';
import { generateOpaqueToken, sha256Hex } from '@/lib/crypto';
import type { ValidAuthorizeRequest } from '@/lib/oauth/authorization-params';
import type { OAuthClient } from '@/lib/oauth/client';
import { PUSHED_REQUEST_TTL_SECONDS, requestUriOf } from '@/lib/oauth/pushed-request';
import type { Scope } from '@/lib/oauth/scopes';
import type { DbOrTx } from '../audit';

/** The columns a validated request fills, alike in a pushed request and in the journey's. */
export function authorizationRequestColumns(request: ValidAuthorizeRequest) {
  return {
    partnerId: request.client.id,
    redirectUri: request.redirectUri,
    requestedScopes: request.scopes,
    state: request.state ?? null,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    dpopJkt: request.dpopJkt ?? null,
  };
}

/** Stores the validated request; returns the request_uri, to be sent to the client once. */
export async function storePushedRequest(tx: DbOrTx, request: ValidAuthorizeRequest, now: Date): Promise<string> {
  const random = generateOpaqueToken();
  await tx.insert(pushedAuthorizationRequests).values({
    id: sha256Hex(random),
    ...authorizationRequestColumns(request),
    expiresAt: new Date(now.getTime() + PUSHED_REQUEST_TTL_SECONDS * 1000),
    createdAt: now,
  });
  return requestUriOf(random);
}

export type TakeRefusal = 'unknown' | 'other_client' | 'used' | 'expired';

export type TakeResult = { ok: true; request: ValidAuthorizeRequest } | { ok: false; reason: TakeRefusal };

/** Marks the pushed request used and returns it; refuses a used, expired or foreign one. */
export async function takePushedRequest(tx: DbOrTx, client: OAuthClient, id: string, now: Date): Promise<TakeResult> {
  const t = pushedAuthorizationRequests;
  const [taken] = await tx
    .update(t)
    .set({ usedAt: now })
    .where(and(eq(t.id, id), eq(t.partnerId, client.id), isNull(t.usedAt), gt(t.expiresAt, now)))
    .returning();
  if (!taken) return { ok: false, reason: await whyNotTaken(tx, client, id, now) };
  return {
    ok: true,
    request: {
      client,
      redirectUri: taken.redirectUri,
      state: taken.state ?? undefined,
      scopes: taken.requestedScopes as Scope[],
      codeChallenge: taken.codeChallenge,
      codeChallengeMethod: 'S256',
      dpopJkt: taken.dpopJkt ?? undefined,
    },
  };
}

/** For the audit row only: the client is told the same in every case. */
async function whyNotTaken(tx: DbOrTx, client: OAuthClient, id: string, now: Date): Promise<TakeRefusal> {
  const [row] = await tx.select().from(pushedAuthorizationRequests).where(eq(pushedAuthorizationRequests.id, id)).limit(1);
  if (!row) return 'unknown';
  if (row.partnerId !== client.id) return 'other_client';
  if (row.usedAt) return 'used';
  return row.expiresAt <= now ? 'expired' : 'unknown';
}
