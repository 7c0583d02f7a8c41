// The PostgreSQL mirror of db/schema.sqlite.ts: the same tables, columns, keys and indexes,
// and the same JS values on read and write, so services typed against the SQLite schema run
// unchanged. Column meanings are documented there; comments here only say where PostgreSQL
// differs. db/schema-mirror.test.ts keeps the two in step.
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Unix milliseconds in a bigint, read back as a Date: SQLite's `timestamp_ms`, with the same
 * stored numbers (a dump compares row for row). node-postgres returns int8 as a string.
 */
const timestampMs = customType<{ data: Date; driverData: number | string }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/**
 * JSON kept as the text JSON.stringify wrote, not jsonb: jsonb reorders keys, and the audit
 * hash chain (server/audit-chain.ts) hashes the detail as written.
 */
const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value) as unknown,
});

// clock_timestamp(), not now(): now() is the transaction's start, the same for every row of a
// long transaction, while SQLite's unixepoch('subsec') is the statement's time.
const createdAt = () =>
  timestampMs('created_at')
    .notNull()
    .default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`);

// SQLite's autoincrement key. By default (not always) so seeds, tests and a restore may write
// explicit ids, as they can on SQLite; the insert type keeps `id` optional either way.
const serialId = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();

export const companies = pgTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameKana: text('name_kana').notNull(),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  loginId: text('login_id').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedAt: timestampMs('locked_at'),
  createdAt: createdAt(),
});

export const branches = pgTable('branches', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id').notNull().references(() => companies.id),
    branchCode: text('branch_code').notNull().references(() => branches.code),
    typeCode: text('type_code', { enum: ['1', '2', '4'] }).notNull(),
    number: text('number').notNull(),
    nameKana: text('name_kana').notNull(),
    memo: text('memo'),
    inquiryPinHash: text('inquiry_pin_hash').notNull(),
    pinFailedCount: integer('pin_failed_count').notNull().default(0),
    pinLockedAt: timestampMs('pin_locked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_branch_type_number').on(t.branchCode, t.typeCode, t.number),
    index('accounts_company').on(t.companyId),
  ],
);

export const apiPinRegistrations = pgTable(
  'api_pin_registrations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    userId: text('user_id').notNull().references(() => users.id),
    requestId: text('request_id'),
    status: text('status', { enum: ['pending', 'effective'] }).notNull(),
    createdAt: createdAt(),
    effectiveAt: timestampMs('effective_at'),
  },
  (t) => [
    index('api_pin_registrations_account').on(t.accountId, t.status),
    index('api_pin_registrations_request').on(t.requestId),
  ],
);

export const transactions = pgTable(
  'transactions',
  {
    id: serialId(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    itemKey: text('item_key').notNull().unique(),
    transactionDate: text('transaction_date').notNull(),
    valueDate: text('value_date').notNull(),
    transactionTime: text('transaction_time').notNull(),
    type: text('type', { enum: ['1', '2'] }).notNull(),
    // Yen in bigint: PostgreSQL's integer stops at 2,147,483,647 (2.1 billion yen), which a
    // company's balance may pass; SQLite's integer is 64-bit. Read as a JS number either way.
    amount: bigint('amount', { mode: 'number' }).notNull(),
    remarks: text('remarks').notNull(),
    balance: bigint('balance', { mode: 'number' }).notNull(),
  },
  (t) => [index('transactions_account_date_id').on(t.accountId, t.transactionDate, t.id)],
);

export const partners = pgTable('partners', {
  id: text('id').primaryKey(),
  clientId: text('client_id').notNull().unique(),
  clientSecretHash: text('client_secret_hash').notNull(),
  previousClientSecretHash: text('previous_client_secret_hash'),
  previousSecretExpiresAt: timestampMs('previous_secret_expires_at'),
  companyName: text('company_name').notNull(),
  serviceName: text('service_name').notNull(),
  websiteUrl: text('website_url'),
  redirectUris: jsonText('redirect_uris').$type<string[]>().notNull(),
  scopes: jsonText('scopes').$type<string[]>().notNull(),
  grantTypes: jsonText('grant_types').$type<string[]>().notNull(),
  tokenEndpointAuthMethods: jsonText('token_endpoint_auth_methods').$type<string[]>().notNull(),
  customerChoosesScopes: boolean('customer_chooses_scopes').notNull(),
  securityProfile: text('security_profile', { enum: ['basic', 'fapi2'] }).notNull().default('basic'),
  jwks: jsonText('jwks').$type<{ keys: Record<string, unknown>[] }>(),
  registrationNumber: text('registration_number'),
  grantPeriodDays: integer('grant_period_days').notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  displayOrder: integer('display_order').notNull().default(0),
  listedSince: text('listed_since'),
  createdAt: createdAt(),
});

export const authorizationRequests = pgTable('authorization_requests', {
  id: text('id').primaryKey(),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  requestedScopes: jsonText('requested_scopes').$type<string[]>().notNull(),
  state: text('state'),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  dpopJkt: text('dpop_jkt'),
  userId: text('user_id').references(() => users.id),
  sessionId: text('session_id'),
  chosenScopes: jsonText('chosen_scopes').$type<string[]>(),
  loggedInAt: timestampMs('logged_in_at'),
  scopesChosenAt: timestampMs('scopes_chosen_at'),
  pinsConfirmedAt: timestampMs('pins_confirmed_at'),
  status: text('status', { enum: ['pending', 'approved', 'denied'] }).notNull().default('pending'),
  expiresAt: timestampMs('expires_at').notNull(),
  completedAt: timestampMs('completed_at'),
  createdAt: createdAt(),
});

export const pushedAuthorizationRequests = pgTable('pushed_authorization_requests', {
  id: text('id').primaryKey(),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  requestedScopes: jsonText('requested_scopes').$type<string[]>().notNull(),
  state: text('state'),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  dpopJkt: text('dpop_jkt'),
  expiresAt: timestampMs('expires_at').notNull(),
  usedAt: timestampMs('used_at'),
  createdAt: createdAt(),
});

export const grants = pgTable(
  'grants',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id').notNull().references(() => companies.id),
    userId: text('user_id').notNull().references(() => users.id),
    partnerId: text('partner_id').notNull().references(() => partners.id),
    scopes: jsonText('scopes').$type<string[]>().notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
    revokedAt: timestampMs('revoked_at'),
    revokedReason: text('revoked_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('grants_company_partner').on(t.companyId, t.partnerId)],
);

export const grantAccounts = pgTable(
  'grant_accounts',
  {
    grantId: text('grant_id').notNull().references(() => grants.id),
    accountId: text('account_id').notNull().references(() => accounts.id),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.accountId] })],
);

export const authorizationCodes = pgTable('authorization_codes', {
  codeHash: text('code_hash').primaryKey(),
  grantId: text('grant_id').notNull().references(() => grants.id),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  scopes: jsonText('scopes').$type<string[]>().notNull(),
  dpopJkt: text('dpop_jkt'),
  expiresAt: timestampMs('expires_at').notNull(),
  usedAt: timestampMs('used_at'),
  createdAt: createdAt(),
});

export const tokens = pgTable(
  'tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    kind: text('kind', { enum: ['access', 'refresh'] }).notNull(),
    grantId: text('grant_id').notNull().references(() => grants.id),
    partnerId: text('partner_id').notNull().references(() => partners.id),
    scopes: jsonText('scopes').$type<string[]>().notNull(),
    codeHash: text('code_hash'),
    dpopJkt: text('dpop_jkt'),
    expiresAt: timestampMs('expires_at').notNull(),
    rotatedAt: timestampMs('rotated_at'),
    successorHash: text('successor_hash'),
    retryAnswer: text('retry_answer'),
    retryUntil: timestampMs('retry_until'),
    revokedAt: timestampMs('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('tokens_grant').on(t.grantId), index('tokens_code').on(t.codeHash)],
);

export const usedJtis = pgTable(
  'used_jtis',
  {
    kind: text('kind', { enum: ['client_assertion', 'dpop_proof'] }).notNull(),
    jtiHash: text('jti_hash').notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.jtiHash] }), index('used_jtis_expires').on(t.expiresAt)],
);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  subjectType: text('subject_type', { enum: ['journey', 'customer', 'staff'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  expiresAt: timestampMs('expires_at').notNull(),
  createdAt: createdAt(),
});

export const staff = pgTable('staff', {
  id: text('id').primaryKey(),
  loginId: text('login_id').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'auditor'] }).notNull(),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedAt: timestampMs('locked_at'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: timestampMs('disabled_at'),
  createdAt: createdAt(),
});

export const partnerChangeRequests = pgTable(
  'partner_change_requests',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['register', 'rotate_secret', 'update_security', 'reactivate'] }).notNull(),
    partnerId: text('partner_id').references(() => partners.id),
    proposed: jsonText('proposed').$type<Record<string, unknown>>().notNull(),
    proposedBy: text('proposed_by').notNull().references(() => staff.id),
    createdAt: createdAt(),
    decidedBy: text('decided_by').references(() => staff.id),
    decidedAt: timestampMs('decided_at'),
    outcome: text('outcome', { enum: ['approved', 'rejected'] }),
  },
  (t) => [index('partner_change_requests_pending').on(t.decidedAt)],
);

/** Append-only: the audit_append_only migration's triggers refuse UPDATE, DELETE and TRUNCATE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: serialId(),
    occurredAt: text('occurred_at').notNull(),
    event: text('event').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    actorType: text('actor_type', { enum: ['customer', 'partner', 'staff', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    companyId: text('company_id'),
    partnerId: text('partner_id'),
    grantId: text('grant_id'),
    accountId: text('account_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    detail: jsonText('detail').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    prevHash: text('prev_hash'),
    rowHash: text('row_hash'),
  },
  // SQLite's single-column indexes are (column, rowid) inside; a PostgreSQL btree does not
  // order equal keys by id, so here the id is named: `WHERE column = ? ORDER BY id DESC` (the
  // console's keyset paging, the CSV export) then walks the index instead of sorting.
  (t) => [
    index('audit_events_event').on(t.event, t.id),
    index('audit_events_grant').on(t.grantId, t.id),
    index('audit_events_company').on(t.companyId, t.id),
    index('audit_events_partner').on(t.partnerId, t.id),
    index('audit_events_outcome').on(t.outcome, t.id),
    index('audit_events_occurred').on(t.occurredAt),
  ],
);

export const apiReadDays = pgTable(
  'api_read_days',
  {
    grantId: text('grant_id').notNull(),
    day: text('day').notNull(),
    partnerId: text('partner_id').notNull(),
    reads: integer('reads').notNull(),
    lastReadAt: timestampMs('last_read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.day] }), index('api_read_days_day').on(t.day)],
);
