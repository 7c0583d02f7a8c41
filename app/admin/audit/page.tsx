import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { secondaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { auditFilterSchema } from '@/lib/admin-schemas';
import { AUDIT_PAGE_SIZE, listAuditEvents } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';

const cell = 'border border-slate-200 px-2 py-1.5 align-top';

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const filter = auditFilterSchema.parse(await searchParams);
  const t = await getTranslations('admin.audit');
  const events = listAuditEvents(getDb(), { event: filter.event, beforeId: filter.before });
  const last = events.at(-1);
  const older = events.length === AUDIT_PAGE_SIZE && last ? `/admin/audit?${new URLSearchParams({ ...(filter.event ? { event: filter.event } : {}), before: String(last.id) })}` : null;

  return (
    <AdminFrame staff={staff} current="/admin/audit" title={t('title')}>
      <form role="search" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="event" className="block text-sm font-medium">{t('filter')}</label>
          <input id="event" name="event" defaultValue={filter.event ?? ''} maxLength={64} placeholder="customer.login" className="mt-1 w-64 rounded-md border border-slate-400 px-3 py-2 font-mono" />
        </div>
        <button type="submit" className={secondaryButton}>{t('filterSubmit')}</button>
      </form>
      {events.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left text-xs">
            <thead className="bg-brand-50">
              <tr>
                {(['time', 'event', 'outcome', 'actor', 'target', 'source', 'detail'] as const).map((key) => (
                  <th key={key} scope="col" className={cell}>{t(`columns.${key}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className={e.outcome === 'failure' ? 'bg-red-50' : undefined}>
                  <td className={`${cell} whitespace-nowrap font-mono`}>{e.occurredAt.slice(0, 19).replace('T', ' ')}</td>
                  <td className={`${cell} font-mono`}>{e.event}</td>
                  <td className={cell}>{t(`outcomes.${e.outcome}`)}</td>
                  <td className={`${cell} font-mono`}>{e.actorType}{e.actorId ? ` ${e.actorId}` : ''}</td>
                  <td className={`${cell} font-mono`}>{[e.partnerId, e.grantId, e.accountId].filter(Boolean).join(' ')}</td>
                  <td className={`${cell} font-mono`}>{e.ip}<br /><span className="text-slate-500">{e.userAgent?.slice(0, 60)}</span></td>
                  <td className={`${cell} font-mono`}>{e.detail ? JSON.stringify(e.detail) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older ? <Link href={older} className={secondaryButton}>{t('older')}</Link> : null}
    </AdminFrame>
  );
}
