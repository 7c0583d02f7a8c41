// The two-person rule (maker–checker) for the partner registry: a registration, a secret
// rotation, a change of redirect URIs, scopes or profile/JWKS, and a reactivation are
// proposed by one administrator and take effect only when a second one approves.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
// The same table proxy in every dialect's core; the SQLite one types the SQLite declaration.
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { changedRows } from '@/db/prepared';
import { partnerChangeRequests, partners, staff, type PartnerChangeRequest } from '@/db/schema';
import { jwksProblem, parseJwksText, type PublicJwks } from '@/lib/admin/jwks';
import type { RegistrationInput, SecurityChangeInput } from '@/lib/admin/partner-schemas';
import { redirectUrisProblem } from '@/lib/admin/redirect-uris';
import { newId } from '@/lib/crypto';
import { recordAudit, type RequestContext } from '../audit';
import { writeTransaction, type WriteTx } from '../write-transaction';
import { readableClientId } from './client-id';
import { assertAdmin, type StaffActor } from './console';
import { applyChange, type AppliedChange } from './partner-apply';
import { RegistryRefusal } from './registry-refusal';

export type ChangeKind = PartnerChangeRequest['kind'];
export interface RedirectRule {
  allowLocalhostHttp: boolean;
}

export interface SecurityValues {
  redirectUris: string[];
  scopes: string[];
  securityProfile: 'basic' | 'fapi2';
  jwks: PublicJwks | null;
}

/** What a form sent, checked again here: the URI rule and, for fapi2, every key with jose. */
async function securityValues(input: Pick<SecurityChangeInput, 'redirectUris' | 'scopes' | 'securityProfile' | 'jwks'>, rule: RedirectRule): Promise<SecurityValues> {
  const uriProblem = redirectUrisProblem(input.redirectUris, rule);
  if (uriProblem) throw new RegistryRefusal(uriProblem);
  if (input.securityProfile === 'basic') return { redirectUris: input.redirectUris, scopes: input.scopes, securityProfile: 'basic', jwks: null };
  const jwks = parseJwksText(input.jwks ?? '');
  if (!jwks) throw new RegistryRefusal('jwksInvalid');
  const keyProblem = await jwksProblem(jwks);
  if (keyProblem) throw new RegistryRefusal(keyProblem);
  return { redirectUris: input.redirectUris, scopes: input.scopes, securityProfile: 'fapi2', jwks };
}

async function insertChange(tx: WriteTx, actor: StaffActor, kind: ChangeKind, partnerId: string | null, proposed: Record<string, unknown>, context: RequestContext, now: Date): Promise<string> {
  if (partnerId) {
    const [open] = await tx
      .select({ id: partnerChangeRequests.id })
      .from(partnerChangeRequests)
      .where(and(eq(partnerChangeRequests.partnerId, partnerId), eq(partnerChangeRequests.kind, kind), isNull(partnerChangeRequests.decidedAt)))
      .limit(1);
    if (open) throw new RegistryRefusal('pendingExists');
  }
  const id = newId('pcr');
  await tx.insert(partnerChangeRequests).values({ id, kind, partnerId, proposed, proposedBy: actor.id, createdAt: now });
  await recordAudit(tx, { event: 'admin.partner_change_proposed', outcome: 'success', actorType: 'staff', actorId: actor.id, partnerId, detail: { changeId: id, kind, ...auditSummary(kind, proposed) } }, context);
  return id;
}

/** Audit rows name what was asked for; a JWK Set only by its key ids. */
function auditSummary(kind: ChangeKind, proposed: Record<string, unknown>): Record<string, unknown> {
  const { jwks, ...rest } = proposed as { jwks?: PublicJwks | null };
  return kind === 'reactivate' ? {} : { ...rest, ...(jwks ? { jwksKids: jwks.keys.map((key) => key.kid) } : {}) };
}

export async function proposeRegistration(db: Db, actor: StaffActor, input: RegistrationInput, context: RequestContext, rule: RedirectRule, now = new Date()) {
  assertAdmin(actor);
  const security = await securityValues(input, rule);
  const clientId = readableClientId(input.websiteUrl);
  const proposed = {
    clientId,
    companyName: input.companyName,
    serviceName: input.serviceName,
    websiteUrl: input.websiteUrl,
    registrationNumber: input.registrationNumber,
    grantPeriodDays: input.grantPeriodDays,
    listedSince: input.listedSince,
    customerChoosesScopes: input.customerChoosesScopes,
    ...security,
  };
  return writeTransaction(db, async (tx) => {
    const [taken] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.clientId, clientId)).limit(1);
    if (taken) throw new RegistryRefusal('invalidForm');
    return { changeId: await insertChange(tx, actor, 'register', null, proposed, context, now), clientId };
  });
}

export async function proposeSecurityChange(db: Db, actor: StaffActor, input: SecurityChangeInput, context: RequestContext, rule: RedirectRule, now = new Date()): Promise<string> {
  assertAdmin(actor);
  const security = await securityValues(input, rule);
  return writeTransaction(db, async (tx) => {
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, input.partnerId)).limit(1);
    if (!partner) throw new RegistryRefusal('notFound');
    return insertChange(tx, actor, 'update_security', input.partnerId, { ...security }, context, now);
  });
}

export async function proposeSecretRotation(db: Db, actor: StaffActor, partnerId: string, overlapDays: number, context: RequestContext, now = new Date()): Promise<string> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [partner] = await tx.select({ profile: partners.securityProfile }).from(partners).where(eq(partners.id, partnerId)).limit(1);
    if (!partner) throw new RegistryRefusal('notFound');
    if (partner.profile !== 'basic') throw new RegistryRefusal('notBasic');
    return insertChange(tx, actor, 'rotate_secret', partnerId, { overlapDays }, context, now);
  });
}

export async function proposeReactivation(db: Db, actor: StaffActor, partnerId: string, context: RequestContext, now = new Date()): Promise<string> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [partner] = await tx.select({ status: partners.status }).from(partners).where(eq(partners.id, partnerId)).limit(1);
    if (!partner) throw new RegistryRefusal('notFound');
    if (partner.status !== 'suspended') throw new RegistryRefusal('notSuspended');
    return insertChange(tx, actor, 'reactivate', partnerId, {}, context, now);
  });
}

/**
 * The decision itself: one conditional UPDATE, so a change is decided once, concurrent
 * approvals in any number of processes leave exactly one winner, and the proposer never
 * decides their own change.
 */
export async function claimDecision(tx: WriteTx, changeId: string, actor: StaffActor, outcome: 'approved' | 'rejected', now: Date): Promise<boolean> {
  const claimed = await tx
    .update(partnerChangeRequests)
    .set({ decidedBy: actor.id, decidedAt: now, outcome })
    .where(and(eq(partnerChangeRequests.id, changeId), isNull(partnerChangeRequests.decidedAt), ne(partnerChangeRequests.proposedBy, actor.id)));
  return changedRows(claimed) === 1;
}

export type DecisionResult = { ok: true; applied: AppliedChange } | { ok: false; code: 'notFound' | 'selfDecision' | 'alreadyDecided' };

async function decide(db: Db, actor: StaffActor, changeId: string, outcome: 'approved' | 'rejected', context: RequestContext, now: Date): Promise<DecisionResult> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx): Promise<DecisionResult> => {
    const [change] = await tx.select().from(partnerChangeRequests).where(eq(partnerChangeRequests.id, changeId)).limit(1);
    const refusal = !change ? 'notFound' : change.proposedBy === actor.id ? 'selfDecision' : !(await claimDecision(tx, changeId, actor, outcome, now)) ? 'alreadyDecided' : null;
    if (refusal || !change) {
      await recordAudit(tx, { event: 'admin.partner_change_refused', outcome: 'failure', actorType: 'staff', actorId: actor.id, partnerId: change?.partnerId, detail: { changeId, reason: refusal, decision: outcome } }, context);
      return { ok: false, code: refusal ?? 'notFound' };
    }
    const applied: AppliedChange = outcome === 'approved' ? await applyChange(tx, change, now) : { partnerId: change.partnerId, clientId: null, secret: null, audit: {} };
    if (outcome === 'approved' && !change.partnerId) {
      await tx.update(partnerChangeRequests).set({ partnerId: applied.partnerId }).where(eq(partnerChangeRequests.id, changeId));
    }
    await recordAudit(
      tx,
      {
        event: outcome === 'approved' ? 'admin.partner_change_approved' : 'admin.partner_change_rejected',
        outcome: 'success',
        actorType: 'staff',
        actorId: actor.id,
        partnerId: applied.partnerId,
        // Both people of the two-person rule, and what changed (never the secret).
        detail: { changeId, kind: change.kind, proposedBy: change.proposedBy, decidedBy: actor.id, ...applied.audit },
      },
      context,
    );
    return { ok: true, applied };
  });
}

export function approveChange(db: Db, actor: StaffActor, changeId: string, context: RequestContext, now = new Date()): Promise<DecisionResult> {
  return decide(db, actor, changeId, 'approved', context, now);
}

export function rejectChange(db: Db, actor: StaffActor, changeId: string, context: RequestContext, now = new Date()): Promise<DecisionResult> {
  return decide(db, actor, changeId, 'rejected', context, now);
}

const proposer = alias(staff, 'proposer');

/** Open changes, oldest first, with who asked and for which partner. */
export async function listPendingChanges(db: Db) {
  return db
    .select({
      id: partnerChangeRequests.id,
      kind: partnerChangeRequests.kind,
      proposed: partnerChangeRequests.proposed,
      createdAt: partnerChangeRequests.createdAt,
      proposedBy: partnerChangeRequests.proposedBy,
      proposerName: proposer.displayName,
      partnerServiceName: partners.serviceName,
      partnerCompanyName: partners.companyName,
      partnerClientId: partners.clientId,
    })
    .from(partnerChangeRequests)
    .innerJoin(proposer, eq(proposer.id, partnerChangeRequests.proposedBy))
    .leftJoin(partners, eq(partners.id, partnerChangeRequests.partnerId))
    .where(isNull(partnerChangeRequests.decidedAt))
    .orderBy(asc(partnerChangeRequests.createdAt));
}
