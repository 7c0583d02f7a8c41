// Every event name the code writes to the audit trail (grep `event:` in server/ and lib/;
// lib/audit/events.test.ts keeps this list and the code in step). Each has a Japanese label
// under `auditEvents` in messages/ja.json; a name not listed here (an older version's, or a
// branch's) is shown as it is.
export const AUDIT_EVENTS = [
  'authorization.requested',
  'authorization.request_rejected',
  'authorization.pushed',
  'customer.login',
  'customer.locked',
  'journey.operations_chosen',
  'journey.pin_registration',
  'account.pin_locked',
  'journey.pins_confirmed',
  'journey.consent',
  'journey.denied',
  'journey.step_refused',
  'token.issued',
  'token.refreshed',
  'token.refresh_retried',
  'token.refresh_reuse',
  'token.code_reuse',
  'token.request_rejected',
  'token.revoked',
  'grant.revoked',
  'client.authentication_failed',
  'api.read',
  'linkage.stop',
  'staff.login',
  'staff.locked',
  'staff.password_changed',
  'admin.linkage_revoked',
  'admin.partner_suspended',
  'admin.partner_reactivated',
  'admin.user_unlocked',
  'admin.staff_unlocked',
  'admin.pin_unlocked',
  'admin.partner_change_proposed',
  'admin.partner_change_refused',
  'admin.partner_change_approved',
  'admin.partner_change_rejected',
  'admin.partner_details_changed',
  'admin.staff_created',
  'admin.staff_password_reset',
  'admin.staff_role_changed',
  'admin.staff_enabled',
  'admin.staff_disabled',
  'audit.exported',
  'audit.chain_verified',
  'action.refused',
  'rate_limit.exceeded',
  'retention.purged',
] as const;

export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export function isKnownAuditEvent(name: string): name is AuditEventName {
  return (AUDIT_EVENTS as readonly string[]).includes(name);
}
