// The console's CSV export of exactly what the audit filters select. The body is a stream that
// pulls one keyset batch from the database each time the client is ready for more, so an
// export of millions of rows holds one batch at a time. Every export is audited (who, which
// filter, how many rows) when the stream ends, and also when the download is cut off.
import { lt, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import messages from '@/messages/ja.json';
import { csvTime } from '@/lib/audit/csv-dates';
import { auditFilterParams, type AuditSearch } from '@/lib/audit/filter-schema';
import { auditEventLabel, auditOutcomeLabel } from '@/lib/audit/labels';
import { csvRecord, UTF8_BOM } from '@/lib/csv';
import { jstIso } from '@/lib/jst';
import { recordAudit, type RequestContext } from '../audit';
import { auditConditions, auditFilterOf, auditRowsQuery, type AuditRowView } from './audit-trail';
import type { StaffActor } from './console';

export const CSV_BATCH_ROWS = 1_000;

const headers = messages.adminAudit.csvHeaders;
const accountTypes = messages.journey.account.types as Record<string, string>;
const HEADER = csvRecord([
  headers.id, headers.time, headers.event, headers.eventName, headers.outcome, headers.company, headers.loginId, headers.partnerService, headers.partnerCompany,
  headers.staff, headers.branch, headers.accountType, headers.accountNumber, headers.ip, headers.userAgent, headers.linkage, headers.detail,
]);

function record(row: AuditRowView, era: 'gregorian' | 'japanese'): string {
  return csvRecord([
    row.id, csvTime(row.occurredAt, era), auditEventLabel(row.event), row.event, auditOutcomeLabel(row.outcome), row.companyName, row.loginId, row.partnerServiceName, row.partnerCompanyName,
    row.staffName, row.branchName ? `${row.branchName}(${row.branchCode})` : null, row.accountType ? (accountTypes[row.accountType] ?? row.accountType) : null, row.accountNumber,
    row.ip, row.userAgent, row.grantId, row.detail ? JSON.stringify(row.detail) : null,
  ]);
}

export interface CsvExportOptions {
  actor: StaffActor;
  context: RequestContext;
  batchRows?: number;
}

/** The filter is resolved before the response starts, so a failure there is a 500, not a cut-off file. */
export async function auditCsvStream(db: Db, search: AuditSearch, options: CsvExportOptions): Promise<ReadableStream<Uint8Array>> {
  const { filter } = await auditFilterOf(db, search);
  const era = search.era === 'japanese' ? 'japanese' : 'gregorian';
  const batchRows = options.batchRows ?? CSV_BATCH_ROWS;
  const encoder = new TextEncoder();
  const base: SQL[] | null = filter ? await auditConditions(db, filter) : null;
  let cursor: number | null = null;
  let rows = 0;
  let audited = false;

  const audit = async (completed: boolean) => {
    if (audited) return;
    audited = true;
    await recordAudit(
      db,
      { event: 'audit.exported', outcome: 'success', actorType: 'staff', actorId: options.actor.id, detail: { filter: Object.fromEntries(auditFilterParams(search)), era, rows, completed } },
      options.context,
    );
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(UTF8_BOM + HEADER));
      },
      async pull(controller) {
        const batch = base ? await auditRowsQuery(db, cursor === null ? base : [...base, lt(auditEvents.id, cursor)], 'older', batchRows) : [];
        if (batch.length) {
          rows += batch.length;
          cursor = batch.at(-1)!.id;
          controller.enqueue(encoder.encode(batch.map((row) => record(row, era)).join('')));
        }
        if (batch.length < batchRows) {
          // Audited before the client sees the end of the file.
          await audit(true);
          controller.close();
        }
      },
      cancel() {
        return audit(false);
      },
    },
    // One batch queued ahead at most: the database is read as fast as the client takes it.
    { highWaterMark: 1 },
  );
}

export function auditCsvFilename(now = new Date()): string {
  return `audit-${jstIso(now).slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.csv`;
}
