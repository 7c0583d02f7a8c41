import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AuditTable } from '@/components/admin/audit-table';
import { ChainStatus } from '@/components/admin/chain-status';
import { secondaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { AUDIT_EVENTS } from '@/lib/audit/events';
import { auditFilterParams, auditSearchSchema } from '@/lib/audit/filter-schema';
import { auditEventLabel } from '@/lib/audit/labels';
import { auditFilterOf, listAuditPage } from '@/server/admin/audit-trail';
import { listPartnersForStaff } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { lastChainVerification } from '@/server/audit-verify';

const field = 'mt-1 rounded-md border border-slate-400 bg-white px-3 py-2';
const label = 'block text-sm font-medium';
const smallButton = 'inline-flex items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-bold hover:bg-slate-100';

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const search = auditSearchSchema.parse(await searchParams);
  const t = await getTranslations('adminAudit');
  const db = getDb();
  const { filter, match } = await auditFilterOf(db, search);
  const page = filter ? await listAuditPage(db, filter, { before: search.before, after: search.after }) : { rows: [], older: null, newer: null };
  const partners = await listPartnersForStaff(db);
  const lastVerification = await lastChainVerification(db);
  const link = (extra: Record<string, string>) => `/admin/audit?${auditFilterParams(search, extra)}`;
  const csv = (extra: Record<string, string> = {}) => `/admin/audit/export?${auditFilterParams(search, extra)}`;

  return (
    <AdminFrame staff={staff} current="/admin/audit" title={t('title')} wide>
      <ChainStatus last={lastVerification} />
      <form role="search" aria-label={t('filtersLabel')} className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <div>
          <label htmlFor="from" className={label}>{t('from')}</label>
          <input id="from" name="from" type="date" defaultValue={search.from ?? ''} className={field} />
        </div>
        <div>
          <label htmlFor="to" className={label}>{t('to')}</label>
          <input id="to" name="to" type="date" defaultValue={search.to ?? ''} className={field} />
        </div>
        <div>
          <label htmlFor="event" className={label}>{t('event')}</label>
          <select id="event" name="event" defaultValue={search.event ?? ''} className={field}>
            <option value="">{t('allEvents')}</option>
            {AUDIT_EVENTS.map((name) => (
              <option key={name} value={name}>{auditEventLabel(name)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="who" className={label}>{t('who')}</label>
          <input id="who" name="who" defaultValue={search.who ?? ''} maxLength={64} className={`${field} w-56`} />
          {search.company ? <input type="hidden" name="company" value={search.company} /> : null}
        </div>
        <div>
          <label htmlFor="partner" className={label}>{t('partner')}</label>
          <select id="partner" name="partner" defaultValue={search.partner ?? ''} className={field}>
            <option value="">{t('allPartners')}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>{p.serviceName}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="outcome" className={label}>{t('outcome')}</label>
          <select id="outcome" name="outcome" defaultValue={search.outcome ?? ''} className={field}>
            <option value="">{t('allOutcomes')}</option>
            <option value="success">{t('outcomes.success')}</option>
            <option value="failure">{t('outcomes.failure')}</option>
          </select>
        </div>
        <button type="submit" className={smallButton}>{t('submit')}</button>
        <Link href="/admin/audit" className="px-2 py-2 text-sm text-brand-700 underline">{t('reset')}</Link>
      </form>

      {match?.kind === 'several' ? (
        <div role="status" className="rounded border border-amber-500 bg-amber-50 px-4 py-3 text-sm">
          <p>{t('several', { who: search.who ?? '' })}</p>
          <ul className="mt-2 flex flex-wrap gap-2">
            {match.candidates.map((c) => (
              <li key={c.id}><Link href={`/admin/audit?${auditFilterParams({ ...search, who: undefined }, { company: c.id })}`} className="text-brand-700 underline">{c.name}</Link></li>
            ))}
          </ul>
        </div>
      ) : null}
      {match?.kind === 'none' ? <p role="status" className="text-sm">{t('none', { who: search.who ?? '' })}</p> : null}

      <div className="flex flex-wrap gap-2">
        <a href={csv()} download className={smallButton}>{t('csv')}</a>
        <a href={csv({ era: 'japanese' })} download className={smallButton}>{t('csvJapaneseEra')}</a>
      </div>

      {page.rows.length === 0 ? <p>{t('empty')}</p> : <AuditTable rows={page.rows} />}

      <nav aria-label={t('pagingLabel')} className="flex gap-3">
        {page.newer ? <Link href={link({ after: String(page.newer) })} className={secondaryButton}>{t('newer')}</Link> : null}
        {page.older ? <Link href={link({ before: String(page.older) })} className={secondaryButton}>{t('older')}</Link> : null}
      </nav>
    </AdminFrame>
  );
}
