// The audit trail's hash chain (tamper evidence): every row's `row_hash` is SHA-256 over a
// canonical serialisation of its content and the previous row's hash, so editing, deleting
// or reordering a row breaks the chain from that row on. The serialisation is fixed here
// once, for the writer and the verifier alike: a JSON array in a fixed field order, explicit
// nulls, and `detail` with its keys sorted at every level.
import { hash } from 'node:crypto';

/** `prev_hash` of the first chained row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the serialisation ever changes; part of every hash. */
const CHAIN_VERSION = 'tsunagu-audit-v1';

export interface ChainedContent {
  occurredAt: string;
  event: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  companyId: string | null;
  partnerId: string | null;
  grantId: string | null;
  accountId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: unknown;
  requestId: string | null;
}

/** JSON values with object keys in code-point order at every level (the shape RFC 8785 also fixes). */
function sortedJson(input: unknown): string {
  // As JSON.stringify (and so the stored `detail` column) sees it: Dates become their ISO text.
  const value = input !== null && typeof input === 'object' && typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON: () => unknown }).toJSON() : input;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : sortedJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${sortedJson(item)}`).join(',')}}`;
}

export function canonicalAuditContent(row: ChainedContent): string {
  const fields = [
    CHAIN_VERSION,
    row.occurredAt,
    row.event,
    row.outcome,
    row.actorType,
    row.actorId ?? null,
    row.companyId ?? null,
    row.partnerId ?? null,
    row.grantId ?? null,
    row.accountId ?? null,
    row.ip ?? null,
    row.userAgent ?? null,
    row.requestId ?? null,
  ];
  return `[${fields.map((field) => JSON.stringify(field)).join(',')},${sortedJson(row.detail ?? null)}]`;
}

export function auditRowHash(prevHash: string, row: ChainedContent): string {
  // The same bytes as hashing the three parts one after another, in one call.
  return hash('sha256', `${prevHash}\n${canonicalAuditContent(row)}`, 'hex');
}
