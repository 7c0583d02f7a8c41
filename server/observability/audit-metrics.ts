// The security counters come from the one place that already sees every security event: the
// audit trail. Each audit row maps to at most one counter, with label values from fixed
// lists (anything unexpected is `other`, so a label never grows with input).
//
// Counted once the row is inserted, inside its transaction. Audit rows are written after the
// checks that refuse, at the end of the change they describe, so what can still roll one back
// is an unexpected failure: a later statement, the COMMIT itself (I/O error, disk full), or a
// group-commit savepoint whose job throws. Each ends in a 5xx and an error log line. We accept
// that rare overcount: better-sqlite3 and drizzle offer no commit hook, and wrapping every
// transaction for one would touch every writer in server/.
import type { NewAuditEvent } from '@/db/schema';
import { metrics } from './metrics';

type AuditRow = Pick<NewAuditEvent, 'event' | 'outcome' | 'detail'>;

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | 'other' {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : 'other';
}

function statusClass(status: unknown): string {
  return typeof status === 'number' && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

const LOGIN_FAILURES = ['unknown_login_id', 'invalid_password', 'locked'] as const;
const PIN_FAILURES = ['wrong_pin', 'locked', 'unavailable'] as const;
const GRANT_REVOCATIONS = ['partner_revoked', 'replaced'] as const;
const API_ENDPOINTS = ['accounts', 'balances', 'transactions'] as const;
const CLIENT_ENDPOINTS = ['token', 'revocation', 'introspection', 'par'] as const;

export function countAuditEvent({ event, outcome, detail }: AuditRow): void {
  const m = metrics();
  const failed = outcome === 'failure';
  switch (event) {
    case 'token.issued':
      m.tokensIssued.inc({ grant_type: 'authorization_code' });
      break;
    case 'token.refreshed':
      m.tokensIssued.inc({ grant_type: 'refresh_token' });
      break;
    case 'token.code_reuse':
      m.tokenReuse.inc({ token_type: 'authorization_code' });
      break;
    case 'token.refresh_reuse':
      m.tokenReuse.inc({ token_type: 'refresh_token' });
      break;
    case 'token.revoked':
      m.revocations.inc({ kind: 'access_token', reason: 'partner_revoked' });
      break;
    case 'grant.revoked':
      m.revocations.inc({ kind: 'linkage', reason: oneOf(detail?.reason, GRANT_REVOCATIONS) });
      break;
    case 'admin.linkage_revoked':
      m.revocations.inc({ kind: 'linkage', reason: 'staff_revoked' });
      break;
    case 'linkage.stop':
      if (!failed) m.revocations.inc({ kind: 'linkage', reason: 'customer_revoked' });
      break;
    case 'api.read':
      m.apiReads.inc({ endpoint: oneOf(detail?.endpoint, API_ENDPOINTS), status_class: statusClass(detail?.status) });
      break;
    case 'customer.login':
    case 'staff.login':
      if (failed) m.loginFailures.inc({ actor: event === 'staff.login' ? 'staff' : 'customer', reason: oneOf(detail?.reason, LOGIN_FAILURES) });
      break;
    case 'journey.pin_registration':
      if (failed) m.pinFailures.inc({ reason: oneOf(detail?.reason, PIN_FAILURES) });
      break;
    case 'customer.locked':
      m.lockouts.inc({ kind: 'customer' });
      break;
    case 'staff.locked':
      m.lockouts.inc({ kind: 'staff' });
      break;
    case 'account.pin_locked':
      m.lockouts.inc({ kind: 'pin' });
      break;
    case 'client.authentication_failed':
      m.clientAuthFailures.inc({ endpoint: oneOf(detail?.endpoint, CLIENT_ENDPOINTS) });
      break;
  }
}
