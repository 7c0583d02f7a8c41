import { getDb } from '@/db/client';
import { auditSearchSchema } from '@/lib/audit/filter-schema';
import { auditCsvFilename, auditCsvStream } from '@/server/admin/audit-csv';
import { getCurrentStaff } from '@/server/admin/staff-session';
import { requestContextFrom } from '@/server/audit';

// 「CSVダウンロード」: staff only (auditors too); the filters are the audit page's search parameters.
export async function GET(request: Request) {
  const staff = await getCurrentStaff();
  if (!staff) return new Response(null, { status: 303, headers: { Location: '/admin/login', 'Cache-Control': 'no-store' } });
  const search = auditSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(await auditCsvStream(getDb(), search, { actor: staff, context: requestContextFrom(request.headers) }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${auditCsvFilename()}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
