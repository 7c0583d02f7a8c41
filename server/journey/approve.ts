// Step 5 (情報アクセス許可), 「許可」: everything the journey prepared becomes real in ONE
// transaction (journey.md): pending PINs effective, the earlier linkage of the same company
// and partner replaced (its tokens end), the new linkage with its accounts, a single-use
// authorization code, the audit entry. The status UPDATE guarded by status='pending' is the
// arbiter, so a second 許可 for the same request can never issue a second code.
import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiPinRegistrations, authorizationRequests, grantAccounts, grants } from '@/db/schema';
import { changedRows } from '@/db/prepared';
import { config } from '@/lib/config';
import { newId } from '@/lib/crypto';
import { grantPeriod } from '@/lib/journey/grant-period';
import { buildAuthorizationResponseUrl } from '@/lib/oauth/authorization-response';
import { recordAudit, type AuditEntry, type DbOrTx, type RequestContext } from '../audit';
import { revokeGrant } from '../grants';
import { invalidateSession } from '../sessions';
import { issueAuthorizationCode } from '../oauth/codes';
import { writeTransaction } from '../write-transaction';
import { grantableAccounts, listJourneyAccounts } from './accounts';
import { journeyActor } from './audit-context';
import type { ActiveJourney } from './load';

export type ApproveResult =
  | { ok: true; grantId: string; redirectUrl: string }
  | { ok: false; reason: 'not_logged_in' | 'no_accounts' | 'not_pending' };

export function grantedScopes(journey: Pick<ActiveJourney, 'request'>): string[] {
  return journey.request.chosenScopes ?? journey.request.requestedScopes;
}

export function approveAuthorization(
  db: Db,
  journey: ActiveJourney,
  context: RequestContext,
  now: Date = new Date(),
): Promise<ApproveResult> {
  const { request, partner, user } = journey;
  return writeTransaction(db, async (tx): Promise<ApproveResult> => {
    const audit = (entry: Pick<AuditEntry, 'event' | 'outcome' | 'detail' | 'grantId'>) =>
      recordAudit(tx, { ...journeyActor(journey), ...entry, occurredAt: now }, context);
    if (!user) {
      await audit({ event: 'journey.consent', outcome: 'failure', detail: { reason: 'not_logged_in' } });
      return { ok: false, reason: 'not_logged_in' };
    }
    const covered = grantableAccounts(await listJourneyAccounts(tx, user.companyId, request.id));
    if (covered.length === 0) {
      await audit({ event: 'journey.consent', outcome: 'failure', detail: { reason: 'no_accounts' } });
      return { ok: false, reason: 'no_accounts' };
    }
    // The one winner: only one transaction can move the request out of 'pending' (a
    // second, here or on another node, waits for the row and then changes nothing).
    const claimed = await tx
      .update(authorizationRequests)
      .set({ status: 'approved', completedAt: now })
      .where(
        and(
          eq(authorizationRequests.id, request.id),
          eq(authorizationRequests.status, 'pending'),
          gt(authorizationRequests.expiresAt, now),
        ),
      );
    if (changedRows(claimed) !== 1) {
      await audit({ event: 'journey.consent', outcome: 'failure', detail: { reason: 'request_not_pending' } });
      return { ok: false, reason: 'not_pending' };
    }
    // The journey's login ends with its request (journey.md step 1).
    if (request.sessionId) await invalidateSession(tx, request.sessionId);

    await tx
      .update(apiPinRegistrations)
      .set({ status: 'effective', effectiveAt: now })
      .where(and(eq(apiPinRegistrations.requestId, request.id), eq(apiPinRegistrations.status, 'pending')));
    const grantId = newId('grt');
    await replaceEarlierGrants(tx, user.companyId, partner.id, grantId, now, audit);

    const scopes = grantedScopes(journey);
    await tx.insert(grants).values({
      id: grantId,
      companyId: user.companyId,
      userId: user.id,
      partnerId: partner.id,
      scopes,
      expiresAt: grantPeriod(partner.grantPeriodDays, now).expiresAt,
      createdAt: now,
    });
    await tx.insert(grantAccounts).values(covered.map((account) => ({ grantId, accountId: account.id })));
    const code = await issueAuthorizationCode(tx, {
      grantId,
      partnerId: partner.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      scopes,
      dpopJkt: request.dpopJkt,
      now,
    });
    await audit({
      event: 'journey.consent',
      outcome: 'success',
      grantId,
      detail: { scopes, accounts: covered.length, pinsRegistered: journey.facts.pendingInRequest },
    });
    return {
      ok: true,
      grantId,
      redirectUrl: buildAuthorizationResponseUrl(request.redirectUri, config.appOrigin, { code, state: request.state }),
    };
  });
}

/** journey.md: a new consent replaces the company's earlier linkage with the same partner. */
async function replaceEarlierGrants(
  tx: DbOrTx,
  companyId: string,
  partnerId: string,
  replacedBy: string,
  now: Date,
  audit: (entry: Pick<AuditEntry, 'event' | 'outcome' | 'detail' | 'grantId'>) => Promise<void>,
): Promise<void> {
  const earlier = await tx
    .select({ id: grants.id })
    .from(grants)
    .where(and(eq(grants.companyId, companyId), eq(grants.partnerId, partnerId), isNull(grants.revokedAt)));
  for (const { id } of earlier) {
    if (await revokeGrant(tx, id, 'replaced', now)) {
      await audit({ event: 'grant.revoked', outcome: 'success', grantId: id, detail: { reason: 'replaced', replacedBy } });
    }
  }
}
