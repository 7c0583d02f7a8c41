// Japanese labels of audit events and outcomes (messages/ja.json `auditEvents`), shared by the
// console's table and its CSV export so both say the same.
import messages from '@/messages/ja.json';
import { isKnownAuditEvent } from './events';

type Labels = Record<string, Record<string, string>>;

/** The event's label; an unknown name falls back to itself. */
export function auditEventLabel(name: string): string {
  if (!isKnownAuditEvent(name)) return name;
  const [group, item] = name.split('.') as [string, string];
  return (messages.auditEvents as unknown as Labels)[group]?.[item] ?? name;
}

export function auditOutcomeLabel(outcome: 'success' | 'failure'): string {
  return messages.adminAudit.outcomes[outcome];
}
