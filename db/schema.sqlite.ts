// Tsunagu's tables. Times are stored as Unix milliseconds (drizzle `timestamp_ms` → Date);
// every secret column holds a hash only (security.md "Always").
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const companies = sqliteTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameKana: text('name_kana').notNull(),
  createdAt: createdAt(),
});

/** Business-banking users (法人のビジネスバンキング利用者). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  loginId: text('login_id').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

export const branches = sqliteTable('branches', {
  code: text('code').primaryKey(), // 3 digits
  name: text('name').notNull(),
});

export const accounts = sqliteTable(
  'accounts',
  {
    /** Public, opaque id that partners see as `accountId`. */
    id: text('id').primaryKey(),
    companyId: text('company_id').notNull().references(() => companies.id),
    branchCode: text('branch_code').notNull().references(() => branches.code),
    typeCode: text('type_code', { enum: ['1', '2', '4'] }).notNull(),
    number: text('number').notNull(), // 7 digits
    nameKana: text('name_kana').notNull(), // half-width katakana
    memo: text('memo'),
    /** argon2id of the inquiry PIN the customer filed with the credit union. */
    inquiryPinHash: text('inquiry_pin_hash').notNull(),
    pinFailedCount: integer('pin_failed_count').notNull().default(0),
    pinLockedAt: integer('pin_locked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_branch_type_number').on(t.branchCode, t.typeCode, t.number),
    index('accounts_company').on(t.companyId),
  ],
);

/**
 * Registering an account's inquiry PIN for API use. `pending` rows belong to one
 * authorization request and become `effective` only on 許可 (journey.md step 3).
 */
export const apiPinRegistrations = sqliteTable(
  'api_pin_registrations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    userId: text('user_id').notNull().references(() => users.id),
    requestId: text('request_id'),
    status: text('status', { enum: ['pending', 'effective'] }).notNull(),
    createdAt: createdAt(),
    effectiveAt: integer('effective_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('api_pin_registrations_account').on(t.accountId, t.status),
    index('api_pin_registrations_request').on(t.requestId),
  ],
);

/** 入出金明細. `itemKey` is stable forever for one movement (partner-api.md). */
export const transactions = sqliteTable(
  'transactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull().references(() => accounts.id),
    itemKey: text('item_key').notNull().unique(),
    transactionDate: text('transaction_date').notNull(), // YYYY-MM-DD, JST
    valueDate: text('value_date').notNull(),
    transactionTime: text('transaction_time').notNull(), // HH:MM:SS, JST
    type: text('type', { enum: ['1', '2'] }).notNull(), // 1 入金, 2 出金
    amount: integer('amount').notNull(),
    remarks: text('remarks').notNull(),
    balance: integer('balance').notNull(),
  },
  // Keyset paging walks (account, date, id); this index serves it without a sort.
  (t) => [index('transactions_account_date_id').on(t.accountId, t.transactionDate, t.id)],
);

/** API連携先: registered OAuth clients. */
export const partners = sqliteTable('partners', {
  id: text('id').primaryKey(),
  clientId: text('client_id').notNull().unique(),
  /**
   * SHA-256 (hex) of the client secret. A `fapi2` partner has no usable secret: its row holds
   * the hash of a random value never shown, and client_secret_* is not among its methods.
   */
  clientSecretHash: text('client_secret_hash').notNull(),
  /** After a rotation, the replaced secret's hash keeps working until `previousSecretExpiresAt`. */
  previousClientSecretHash: text('previous_client_secret_hash'),
  previousSecretExpiresAt: integer('previous_secret_expires_at', { mode: 'timestamp_ms' }),
  companyName: text('company_name').notNull(),
  serviceName: text('service_name').notNull(),
  websiteUrl: text('website_url'),
  redirectUris: text('redirect_uris', { mode: 'json' }).$type<string[]>().notNull(),
  scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
  grantTypes: text('grant_types', { mode: 'json' }).$type<string[]>().notNull(),
  tokenEndpointAuthMethods: text('token_endpoint_auth_methods', { mode: 'json' })
    .$type<string[]>()
    .notNull(),
  customerChoosesScopes: integer('customer_chooses_scopes', { mode: 'boolean' }).notNull(),
  /** partner-api.md "Security profiles": `fapi2` = PAR + private_key_jwt + DPoP only. */
  securityProfile: text('security_profile', { enum: ['basic', 'fapi2'] }).notNull().default('basic'),
  /** The partner's public keys for private_key_jwt (a JWK Set, public members only). */
  jwks: text('jwks', { mode: 'json' }).$type<{ keys: Record<string, unknown>[] }>(),
  /** 電子決済等代行業者登録番号, shown to customers before they consent (optional). */
  registrationNumber: text('registration_number'),
  grantPeriodDays: integer('grant_period_days').notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  /** Position in the public notice's list of partners. */
  displayOrder: integer('display_order').notNull().default(0),
  listedSince: text('listed_since'), // YYYY-MM-DD
  createdAt: createdAt(),
});

/** One customer's run through the consent steps (journey.md). Lives about 15 minutes. */
export const authorizationRequests = sqliteTable('authorization_requests', {
  /** SHA-256 (hex) of the random id held in the browser's request cookie. */
  id: text('id').primaryKey(),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  requestedScopes: text('requested_scopes', { mode: 'json' }).$type<string[]>().notNull(),
  state: text('state'),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  /** RFC 9449 §10: the DPoP key thumbprint sent at PAR; the code is bound to it. */
  dpopJkt: text('dpop_jkt'),
  userId: text('user_id').references(() => users.id),
  /** SHA-256 of the session that logged in during this request. */
  sessionId: text('session_id'),
  chosenScopes: text('chosen_scopes', { mode: 'json' }).$type<string[]>(),
  loggedInAt: integer('logged_in_at', { mode: 'timestamp_ms' }),
  scopesChosenAt: integer('scopes_chosen_at', { mode: 'timestamp_ms' }),
  pinsConfirmedAt: integer('pins_confirmed_at', { mode: 'timestamp_ms' }),
  status: text('status', { enum: ['pending', 'approved', 'denied'] }).notNull().default('pending'),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/**
 * Pushed authorization requests (RFC 9126): the validated parameters, waiting 90 seconds
 * for /oauth/authorize to take them once (the used_at UPDATE is the arbiter).
 */
export const pushedAuthorizationRequests = sqliteTable('pushed_authorization_requests', {
  /** SHA-256 (hex) of the random part of the request_uri. */
  id: text('id').primaryKey(),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  requestedScopes: text('requested_scopes', { mode: 'json' }).$type<string[]>().notNull(),
  state: text('state'),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  /** RFC 9449 §10: carried into the authorization request, then the code. */
  dpopJkt: text('dpop_jkt'),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/** 連携: the lasting result of a consent. Expires; can be revoked. */
export const grants = sqliteTable(
  'grants',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id').notNull().references(() => companies.id),
    userId: text('user_id').notNull().references(() => users.id),
    partnerId: text('partner_id').notNull().references(() => partners.id),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedReason: text('revoked_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('grants_company_partner').on(t.companyId, t.partnerId)],
);

export const grantAccounts = sqliteTable(
  'grant_accounts',
  {
    grantId: text('grant_id').notNull().references(() => grants.id),
    accountId: text('account_id').notNull().references(() => accounts.id),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.accountId] })],
);

export const authorizationCodes = sqliteTable('authorization_codes', {
  /** SHA-256 (hex) of the code. */
  codeHash: text('code_hash').primaryKey(),
  grantId: text('grant_id').notNull().references(() => grants.id),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  redirectUri: text('redirect_uri').notNull(),
  codeChallenge: text('code_challenge').notNull(),
  codeChallengeMethod: text('code_challenge_method').notNull(),
  scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
  /** From the authorization request: only a proof of this key may redeem the code. */
  dpopJkt: text('dpop_jkt'),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/** Access and refresh tokens; only their SHA-256 is kept. */
export const tokens = sqliteTable(
  'tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    kind: text('kind', { enum: ['access', 'refresh'] }).notNull(),
    grantId: text('grant_id').notNull().references(() => grants.id),
    partnerId: text('partner_id').notNull().references(() => partners.id),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    /** The code this token chain started from, so a reused code can revoke it. */
    codeHash: text('code_hash'),
    /** DPoP-bound tokens (RFC 9449 §6): the key's JWK thumbprint, `cnf.jkt`. */
    dpopJkt: text('dpop_jkt'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** Refresh tokens: set when rotated; presenting it again is reuse (theft). */
    rotatedAt: integer('rotated_at', { mode: 'timestamp_ms' }),
    /** Rotated refresh tokens: the refresh token that replaced it (the retry window's check). */
    successorHash: text('successor_hash'),
    /** The rotation's answer, sealed under the presented token (lib/oauth/retry-answer.ts). */
    retryAnswer: text('retry_answer'),
    retryUntil: integer('retry_until', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('tokens_grant').on(t.grantId), index('tokens_code').on(t.codeHash)],
);

/**
 * JWT ids already accepted (client assertions, DPoP proofs), kept until the JWT would have
 * expired anyway, so a replay is refused across restarts and processes.
 */
export const usedJtis = sqliteTable(
  'used_jtis',
  {
    kind: text('kind', { enum: ['client_assertion', 'dpop_proof'] }).notNull(),
    /** SHA-256 (hex) of the issuer (client_id or key thumbprint) and the jti. */
    jtiHash: text('jti_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.jtiHash] }), index('used_jtis_expires').on(t.expiresAt)],
);

export const sessions = sqliteTable('sessions', {
  /** SHA-256 (hex) of the session token in the cookie (Lucia's guide). */
  id: text('id').primaryKey(),
  subjectType: text('subject_type', { enum: ['journey', 'customer', 'staff'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
});

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  loginId: text('login_id').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'auditor'] }).notNull(),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
  /** A temporary password was issued: nothing but changing it works until it is changed. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** A disabled staff member cannot log in; their sessions ended when this was set. */
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

/**
 * The two-person rule (maker–checker) for the partner registry: a change that gives or
 * alters credentials waits here until a second administrator decides it, once.
 */
export const partnerChangeRequests = sqliteTable(
  'partner_change_requests',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['register', 'rotate_secret', 'update_security', 'reactivate'] }).notNull(),
    /** null for a registration: the partner exists only once it is approved. */
    partnerId: text('partner_id').references(() => partners.id),
    /** The proposed values (never a secret). */
    proposed: text('proposed', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    proposedBy: text('proposed_by').notNull().references(() => staff.id),
    createdAt: createdAt(),
    decidedBy: text('decided_by').references(() => staff.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    outcome: text('outcome', { enum: ['approved', 'rejected'] }),
  },
  (t) => [index('partner_change_requests_pending').on(t.decidedAt)],
);

/** Append-only (UPDATE and DELETE are refused by triggers in the migrations). */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    occurredAt: text('occurred_at').notNull(), // ISO 8601 in JST (+09:00)
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
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text('request_id'), // X-Request-Id of the request that wrote the row (operations.md)
    /** Tamper evidence (server/audit-chain.ts): the previous row's `row_hash`, and SHA-256 over this row's content and it. */
    prevHash: text('prev_hash'),
    rowHash: text('row_hash'),
  },
  // Each single-column index is (column, rowid) inside SQLite, so `WHERE column = ? ORDER BY id
  // DESC` walks it without a sort: the console's keyset paging (server/admin/audit-trail.ts).
  (t) => [
    index('audit_events_event').on(t.event),
    index('audit_events_grant').on(t.grantId),
    index('audit_events_company').on(t.companyId),
    index('audit_events_partner').on(t.partnerId),
    index('audit_events_outcome').on(t.outcome),
    index('audit_events_occurred').on(t.occurredAt),
  ],
);

/**
 * Successful account-data reads per linkage and JST day, kept beside the `api.read` audit row
 * in the same transaction: the linkage pages' "last access" and the console's chart read a few
 * small rows instead of counting millions of audit rows.
 */
export const apiReadDays = sqliteTable(
  'api_read_days',
  {
    grantId: text('grant_id').notNull(),
    day: text('day').notNull(), // YYYY-MM-DD, JST
    partnerId: text('partner_id').notNull(),
    reads: integer('reads').notNull(),
    lastReadAt: integer('last_read_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.day] }), index('api_read_days_day').on(t.day)],
);

export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type Transaction = typeof transactions.$inferSelect;
export type NewTransaction = typeof transactions.$inferInsert;
export type Partner = typeof partners.$inferSelect;
export type NewPartner = typeof partners.$inferInsert;
export type AuthorizationRequest = typeof authorizationRequests.$inferSelect;
export type PushedAuthorizationRequest = typeof pushedAuthorizationRequests.$inferSelect;
export type Grant = typeof grants.$inferSelect;
export type AuthorizationCode = typeof authorizationCodes.$inferSelect;
export type Token = typeof tokens.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Staff = typeof staff.$inferSelect;
export type PartnerChangeRequest = typeof partnerChangeRequests.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type ApiReadDay = typeof apiReadDays.$inferSelect;
