import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, grants, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { createTokenHandler } from './token-handler';
import { oauthDeps } from './deps';
import { markRotated } from './refresh-token';
import { writeTransaction } from '../write-transaction';
import { createOAuthBench, FEED, formPost, KAIKEI, obtainTokens, secondConnection, type OAuthBench, type TokenBody } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const refreshParams = (refreshToken: string, extra: Record<string, string> = {}) => ({
  grant_type: 'refresh_token',
  refresh_token: refreshToken,
  ...extra,
});
const refresh = (refreshToken: string, extra: Record<string, string> = {}, auth: Parameters<typeof formPost>[2] = { basic: KAIKEI }) =>
  bench.token(formPost('/oauth/token', refreshParams(refreshToken, extra), auth));
const tokenRow = async (token: string) => (await bench.db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(token))).limit(1))[0]!;
const grantRow = async (grantId: string) => (await bench.db.select().from(grants).where(eq(grants.id, grantId)).limit(1))[0]!;
const isActive = async (token: string) =>
  ((await (await bench.introspect(formPost('/oauth/introspect', { token }))).json()) as { active: boolean }).active;

describe('refresh_token grant', () => {
  it('rotates: returns a new pair and ends the presented refresh token', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const second = (await response.json()) as TokenBody;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe(first.scope);
    expect(second.authorization_expires_at).toBe(first.authorization_expires_at);
    expect((await tokenRow(first.refresh_token)).rotatedAt).not.toBeNull();
    expect((await tokenRow(second.refresh_token)).rotatedAt).toBeNull();
    expect(await isActive(second.access_token)).toBe(true);
    expect(await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'token.refreshed'))).toHaveLength(1);
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it('treats a rotated refresh token presented again as theft and revokes the whole linkage', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const second = (await (await refresh(first.refresh_token)).json()) as TokenBody;
    // Past the retry window, the old token is no retry any more.
    bench.clock.now = new Date(bench.clock.now.getTime() + 61_000);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
    expect(await grantRow(issued.grantId)).toMatchObject({ revokedReason: 'refresh_token_reuse' });
    const rows = await bench.db.select().from(tokens).where(eq(tokens.grantId, issued.grantId));
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
    expect(await isActive(second.access_token)).toBe(false);
    expect((await refresh(second.refresh_token)).status).toBe(400);
    const reuse = await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'token.refresh_reuse'));
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).toMatchObject({ outcome: 'failure', grantId: issued.grantId });
  });

  it('answers two concurrent refreshes with one token alike, with live tokens, and keeps the linkage', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const responses = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = (await Promise.all(responses.map((r) => r.json()))) as TokenBody[];
    expect(b).toEqual(a);
    expect((await grantRow(issued.grantId)).revokedAt).toBeNull();
    expect(await isActive(a!.access_token)).toBe(true);
    expect(await bench.db.select().from(tokens).where(eq(tokens.kind, 'refresh'))).toHaveLength(2);
    expect((await refresh(a!.refresh_token)).status).toBe(200);
  });

  it('gives a retry after a lost response the very same answer, and stores nothing usable at rest', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const lost = (await (await refresh(first.refresh_token)).json()) as TokenBody;
    const stored = await tokenRow(first.refresh_token);
    expect(stored.retryAnswer).toBeTruthy();
    expect(stored.retryAnswer).not.toContain(lost.access_token);
    expect(stored.retryAnswer).not.toContain(lost.refresh_token);
    bench.clock.now = new Date(bench.clock.now.getTime() + 30_000);
    const retried = await refresh(first.refresh_token);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual(lost);
    expect(await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'token.refresh_retried'))).toHaveLength(1);
  });

  it('treats the old token as reuse once the window has passed', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    await refresh(first.refresh_token);
    bench.clock.now = new Date(bench.clock.now.getTime() + 61_000);
    expect((await refresh(first.refresh_token)).status).toBe(400);
    expect((await grantRow(issued.grantId)).revokedReason).toBe('refresh_token_reuse');
  });

  it('treats the old token as reuse once its successor was used', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const second = (await (await refresh(first.refresh_token)).json()) as TokenBody;
    expect((await refresh(second.refresh_token)).status).toBe(200);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
    expect((await grantRow(issued.grantId)).revokedReason).toBe('refresh_token_reuse');
  });

  it('never retries for another client', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    await refresh(first.refresh_token);
    expect((await refresh(first.refresh_token, {}, { basic: FEED })).status).toBe(400);
    expect((await grantRow(issued.grantId)).revokedAt).toBeNull();
  });

  it('purges a sealed answer once its window has passed', async () => {
    const { tokens: first } = await obtainTokens(bench);
    await refresh(first.refresh_token);
    const { purgeExpired } = await import('../retention');
    await purgeExpired(bench.db, { now: new Date(bench.clock.now.getTime() + 30_000) });
    expect((await tokenRow(first.refresh_token)).retryAnswer).not.toBeNull();
    await purgeExpired(bench.db, { now: new Date(bench.clock.now.getTime() + 61_000) });
    expect(await tokenRow(first.refresh_token)).toMatchObject({ retryAnswer: null, retryUntil: null });
  });

  it('arbitrates in the database: a second connection that read the token before cannot rotate it again', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const { db: other, close } = secondConnection(bench);
    try {
      const hash = sha256Hex(first.refresh_token);
      const [seenByOther] = await other.select().from(tokens).where(eq(tokens.tokenHash, hash)).limit(1);
      expect(seenByOther).toBeDefined();
      expect(seenByOther!.rotatedAt).toBeNull();
      const winner = await refresh(first.refresh_token);
      expect(winner.status).toBe(200);
      // The other connection still acts on what it read: only the conditional update decides.
      expect(await writeTransaction(other, (tx) => markRotated(tx, hash, new Date()))).toBe(false);
      const otherToken = createTokenHandler(oauthDeps(other, { now: () => bench.clock.now }));
      const response = await otherToken(formPost('/oauth/token', refreshParams(first.refresh_token)));
      // It lost the race and, inside the retry window, answers what the winner answered.
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(await winner.json());
      expect(await bench.db.select().from(tokens).where(eq(tokens.kind, 'refresh'))).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it('refuses a refresh token of another client and changes nothing', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const response = await refresh(first.refresh_token, {}, { basic: FEED });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
    expect((await tokenRow(first.refresh_token)).rotatedAt).toBeNull();
    expect((await grantRow(issued.grantId)).revokedAt).toBeNull();
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });

  it('refuses an access token presented as a refresh token', async () => {
    const { tokens: first } = await obtainTokens(bench);
    expect((await refresh(first.access_token)).status).toBe(400);
    expect((await grantRow((await tokenRow(first.access_token)).grantId)).revokedAt).toBeNull();
  });

  it('narrows the access token to a requested subset while the refresh token keeps the grant', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const narrowed = (await (await refresh(first.refresh_token, { scope: 'accounts:read' })).json()) as TokenBody;
    expect(narrowed.scope).toBe('accounts:read');
    expect((await tokenRow(narrowed.access_token)).scopes).toEqual(['accounts:read']);
    expect((await tokenRow(narrowed.refresh_token)).scopes).toEqual(['accounts:read', 'balances:read', 'transactions:read']);
    const again = (await (await refresh(narrowed.refresh_token)).json()) as TokenBody;
    expect(again.scope).toBe('accounts:read balances:read transactions:read');
  });

  it('refuses a scope beyond the grant without rotating the token', async () => {
    const { tokens: first } = await obtainTokens(bench, undefined);
    const limited = await obtainTokens(bench, undefined);
    await bench.db.update(grants).set({ scopes: ['accounts:read'] }).where(eq(grants.id, limited.issued.grantId));
    const response = await refresh(limited.tokens.refresh_token, { scope: 'accounts:read balances:read' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_scope');
    expect((await tokenRow(limited.tokens.refresh_token)).rotatedAt).toBeNull();
    const held = (await (await refresh(limited.tokens.refresh_token)).json()) as TokenBody;
    expect(held.scope).toBe('accounts:read');
    expect((await refresh(first.refresh_token, { scope: 'payments:write' })).status).toBe(400);
  });

  it('refuses to refresh once the linkage has expired or been revoked', async () => {
    const expired = await obtainTokens(bench);
    await bench.db.update(grants).set({ expiresAt: new Date(bench.clock.now.getTime() + 1000) }).where(eq(grants.id, expired.issued.grantId));
    const revoked = await obtainTokens(bench);
    await bench.db.update(grants).set({ revokedAt: bench.clock.now, revokedReason: 'staff_revoked' }).where(eq(grants.id, revoked.issued.grantId));
    bench.clock.now = new Date(bench.clock.now.getTime() + 2000);
    expect((await refresh(expired.tokens.refresh_token)).status).toBe(400);
    expect((await refresh(revoked.tokens.refresh_token)).status).toBe(400);
    expect((await tokenRow(expired.tokens.refresh_token)).rotatedAt).toBeNull();
  });

  it('refuses a code_verifier sent with a refresh request', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const response = await refresh(first.refresh_token, { code_verifier: 'x'.repeat(43) });
    expect((await response.json()).error).toBe('invalid_request');
    expect((await tokenRow(first.refresh_token)).rotatedAt).toBeNull();
  });
});
