// Finds the authorization request this browser is in (its cookie holds the random id; the
// table holds its SHA-256) and where the customer stands in it (lib/journey/steps.ts).
import 'server-only';
import { eq } from 'drizzle-orm';
import { authorizationRequests, partners, users, type AuthorizationRequest, type Partner } from '@/db/schema';
import { config } from '@/lib/config';
import { sha256Hex } from '@/lib/crypto';
import { currentStep, type JourneyStep, type StepFacts } from '@/lib/journey/steps';
import { buildAuthorizationResponseUrl } from '@/lib/oauth/authorization-response';
import type { DbOrTx } from '../audit';
import type { CustomerIdentity } from '../customer-auth';
import { validateSessionToken } from '../sessions';
import { isRegistrable, listJourneyAccounts, type JourneyAccount } from './accounts';

export interface JourneyPartner {
  id: string;
  serviceName: string;
  companyName: string;
  websiteUrl: string | null;
  /** 電子決済等代行業者登録番号 (journey.md step 5), when registered. */
  registrationNumber: string | null;
  customerChoosesScopes: boolean;
  grantPeriodDays: number;
}

export interface ActiveJourney {
  status: 'active';
  request: AuthorizationRequest;
  partner: JourneyPartner;
  /** Set only when logged in during this request with the session in this browser. */
  user: CustomerIdentity | null;
  accounts: JourneyAccount[];
  facts: StepFacts;
  step: JourneyStep;
}

export type JourneyState =
  | { status: 'missing' }
  | { status: 'expired' | 'finished'; partner: JourneyPartner; returnUrl: string | null }
  | ActiveJourney;

export interface JourneyCookies {
  requestToken?: string | null;
  sessionToken?: string | null;
}

export async function loadJourney(db: DbOrTx, cookies: JourneyCookies, now: Date = new Date()): Promise<JourneyState> {
  if (!cookies.requestToken) return { status: 'missing' };
  const [request] = await db
    .select()
    .from(authorizationRequests)
    .where(eq(authorizationRequests.id, sha256Hex(cookies.requestToken)))
    .limit(1);
  if (!request) return { status: 'missing' };
  const [partnerRow] = await db.select().from(partners).where(eq(partners.id, request.partnerId)).limit(1);
  if (!partnerRow) return { status: 'missing' };
  const partner = toJourneyPartner(partnerRow);
  // A suspended partner gets nothing more from this request, not even an error redirect.
  if (request.status !== 'pending' || partnerRow.status !== 'active') {
    return { status: 'finished', partner, returnUrl: null };
  }
  if (request.expiresAt.getTime() <= now.getTime()) {
    return { status: 'expired', partner, returnUrl: accessDeniedUrl(request, 'The authorization request expired.') };
  }

  const user = await loggedInUser(db, request, cookies.sessionToken ?? null, now);
  const accounts = user ? await listJourneyAccounts(db, user.companyId, request.id) : [];
  const facts: StepFacts = {
    loggedIn: user !== null,
    customerChoosesScopes: partner.customerChoosesScopes,
    scopesChosen: request.scopesChosenAt !== null,
    pinsConfirmed: request.pinsConfirmedAt !== null,
    registrableAccounts: accounts.filter(isRegistrable).length,
    pendingInRequest: accounts.filter((account) => account.state === 'pending').length,
  };
  return { status: 'active', request, partner, user, accounts, facts, step: currentStep(facts) };
}

/** A session from an earlier visit never counts: it must be the one this request logged in. */
async function loggedInUser(
  db: DbOrTx,
  request: AuthorizationRequest,
  sessionToken: string | null,
  now: Date,
): Promise<CustomerIdentity | null> {
  if (!request.userId || !request.sessionId || !request.loggedInAt || !sessionToken) return null;
  const session = await validateSessionToken(db, sessionToken, 'journey', now);
  if (!session || session.id !== request.sessionId || session.subjectId !== request.userId) return null;
  const [user] = await db.select().from(users).where(eq(users.id, request.userId)).limit(1);
  if (!user || user.lockedAt) return null;
  return { id: user.id, companyId: user.companyId, loginId: user.loginId, displayName: user.displayName };
}

/** RFC 6749 §4.1.2.1: the way back to the partner when the customer does not authorize. */
export function accessDeniedUrl(request: AuthorizationRequest, description: string): string {
  return buildAuthorizationResponseUrl(request.redirectUri, config.appOrigin, {
    error: 'access_denied',
    error_description: description,
    state: request.state,
  });
}

function toJourneyPartner(row: Partner): JourneyPartner {
  return {
    id: row.id,
    serviceName: row.serviceName,
    companyName: row.companyName,
    websiteUrl: row.websiteUrl,
    registrationNumber: row.registrationNumber,
    customerChoosesScopes: row.customerChoosesScopes,
    grantPeriodDays: row.grantPeriodDays,
  };
}
