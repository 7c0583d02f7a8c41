// What an approved change does, inside the approval's transaction. A new client secret is
// generated here, at approval, and handed back once to the approving administrator: it
// never exists before the change takes effect and never sits in a pending row.
import { and, eq, max } from 'drizzle-orm';
import { partners, type PartnerChangeRequest } from '@/db/schema';
import type { PublicJwks } from '@/lib/admin/jwks';
import { generateOpaqueToken, generateSecretToken, newId, sha256Hex } from '@/lib/crypto';
import type { WriteTx } from '../write-transaction';
import { RegistryRefusal } from './registry-refusal';

export interface AppliedChange {
  partnerId: string | null;
  clientId: string | null;
  /** The new client secret, in plain text: shown once, never stored or logged. */
  secret: string | null;
  /** Before/after for the audit row (no secret, no hash). */
  audit: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const BASIC_METHODS = ['client_secret_basic', 'client_secret_post'];
const FAPI_METHODS = ['private_key_jwt'];

interface RegisterProposal {
  clientId: string;
  companyName: string;
  serviceName: string;
  websiteUrl: string;
  registrationNumber: string | null;
  grantPeriodDays: number;
  listedSince: string | null;
  customerChoosesScopes: boolean;
  redirectUris: string[];
  scopes: string[];
  securityProfile: 'basic' | 'fapi2';
  jwks: PublicJwks | null;
}

/** ≥ 256 random bits for a basic partner; a fapi2 partner's row gets a hash of a value nobody sees. */
function credentialsFor(profile: 'basic' | 'fapi2') {
  const secret = profile === 'basic' ? generateOpaqueToken() : null;
  return {
    secret,
    clientSecretHash: sha256Hex(secret ?? generateSecretToken()),
    tokenEndpointAuthMethods: profile === 'basic' ? BASIC_METHODS : FAPI_METHODS,
  };
}

async function register(tx: WriteTx, proposed: RegisterProposal): Promise<AppliedChange> {
  const { secret, ...credentials } = credentialsFor(proposed.securityProfile);
  const [last] = await tx.select({ order: max(partners.displayOrder) }).from(partners);
  const id = newId('ptn');
  await tx.insert(partners).values({ ...proposed, id, ...credentials, grantTypes: ['authorization_code', 'refresh_token'], displayOrder: (last?.order ?? 0) + 1 });
  return { partnerId: id, clientId: proposed.clientId, secret, audit: { clientId: proposed.clientId, securityProfile: proposed.securityProfile } };
}

async function rotate(tx: WriteTx, partnerId: string, overlapDays: number, now: Date): Promise<AppliedChange> {
  const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!partner || partner.securityProfile !== 'basic') throw new RegistryRefusal('notBasic');
  const secret = generateOpaqueToken();
  const previousSecretExpiresAt = overlapDays > 0 ? new Date(now.getTime() + overlapDays * DAY_MS) : null;
  await tx
    .update(partners)
    .set({
      clientSecretHash: sha256Hex(secret),
      previousClientSecretHash: previousSecretExpiresAt ? partner.clientSecretHash : null,
      previousSecretExpiresAt,
    })
    .where(and(eq(partners.id, partnerId), eq(partners.clientSecretHash, partner.clientSecretHash)));
  return { partnerId, clientId: partner.clientId, secret, audit: { overlapDays, previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null } };
}

async function updateSecurity(tx: WriteTx, partnerId: string, proposed: Omit<RegisterProposal, 'clientId' | 'companyName' | 'serviceName' | 'websiteUrl' | 'registrationNumber' | 'grantPeriodDays' | 'listedSince' | 'customerChoosesScopes'>): Promise<AppliedChange> {
  const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!partner) throw new RegistryRefusal('notFound');
  const profileChanged = partner.securityProfile !== proposed.securityProfile;
  // A new profile means new credentials: fapi2 has no usable secret, basic gets a fresh one.
  const { secret, ...credentials } = profileChanged ? credentialsFor(proposed.securityProfile) : { secret: null };
  await tx
    .update(partners)
    .set({
      redirectUris: proposed.redirectUris,
      scopes: proposed.scopes,
      securityProfile: proposed.securityProfile,
      jwks: proposed.jwks,
      ...(profileChanged ? { ...credentials, previousClientSecretHash: null, previousSecretExpiresAt: null } : {}),
    })
    .where(eq(partners.id, partnerId));
  const kids = (jwks: PublicJwks | null) => jwks?.keys.map((key) => key.kid) ?? null;
  return {
    partnerId,
    clientId: partner.clientId,
    secret,
    audit: {
      before: { redirectUris: partner.redirectUris, scopes: partner.scopes, securityProfile: partner.securityProfile, jwksKids: kids(partner.jwks) },
      after: { redirectUris: proposed.redirectUris, scopes: proposed.scopes, securityProfile: proposed.securityProfile, jwksKids: kids(proposed.jwks) },
    },
  };
}

async function reactivate(tx: WriteTx, partnerId: string): Promise<AppliedChange> {
  const [updated] = await tx.update(partners).set({ status: 'active' }).where(and(eq(partners.id, partnerId), eq(partners.status, 'suspended'))).returning({ clientId: partners.clientId });
  if (!updated) throw new RegistryRefusal('notSuspended');
  return { partnerId, clientId: updated.clientId, secret: null, audit: { status: { before: 'suspended', after: 'active' } } };
}

export async function applyChange(tx: WriteTx, change: PartnerChangeRequest, now: Date): Promise<AppliedChange> {
  const proposed = change.proposed as unknown as RegisterProposal & { overlapDays: number };
  switch (change.kind) {
    case 'register':
      return register(tx, proposed);
    case 'rotate_secret':
      return rotate(tx, change.partnerId!, proposed.overlapDays, now);
    case 'update_security':
      return updateSecurity(tx, change.partnerId!, proposed);
    case 'reactivate':
      return reactivate(tx, change.partnerId!);
  }
}
