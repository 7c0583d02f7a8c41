import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { auditEventLabel } from '@/lib/audit/labels';
import type { AuditRowView } from '@/server/admin/audit-trail';

const cell = 'border border-slate-200 px-2 py-1.5 align-top';

/** Audit rows as staff read them: names, Japanese event labels, JST times. */
export async function AuditTable({ rows, linkages = true }: { rows: AuditRowView[]; linkages?: boolean }) {
  const t = await getTranslations('adminAudit');
  const accountText = await getTranslations('journey.account');
  const columns = ['time', 'event', 'outcome', 'customer', 'partner', 'staff', 'account', 'source'] as const;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-left text-xs">
        <thead className="bg-brand-50">
          <tr>
            {columns.map((key) => (
              <th key={key} scope="col" className={cell}>{t(`columns.${key}`)}</th>
            ))}
            {linkages ? <th scope="col" className={cell}>{t('columns.linkage')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.outcome === 'failure' ? 'bg-red-50' : undefined}>
              <td className={`${cell} whitespace-nowrap font-mono`}>{row.occurredAt.slice(0, 19).replace('T', ' ')}</td>
              <td className={cell}>
                {auditEventLabel(row.event)}
                <br />
                <span className="font-mono text-slate-500">{row.event}</span>
              </td>
              <td className={`${cell} whitespace-nowrap`}>{t(`outcomes.${row.outcome}`)}</td>
              <td className={cell}>
                {row.companyName}
                {row.loginId ? <><br /><span className="font-mono text-slate-500">{row.loginId}</span></> : null}
              </td>
              <td className={cell}>
                {row.partnerServiceName}
                {row.partnerCompanyName ? <><br /><span className="text-slate-500">{row.partnerCompanyName}</span></> : null}
              </td>
              <td className={cell}>{row.staffName}</td>
              <td className={`${cell} whitespace-nowrap`}>
                {row.accountNumber
                  ? accountText('label', { branch: row.branchName ?? '', code: row.branchCode ?? '', type: accountText(`types.${(row.accountType ?? '1') as '1' | '2' | '4'}`), number: row.accountNumber })
                  : null}
              </td>
              <td className={`${cell} font-mono`}>
                {row.ip}
                <br />
                <span className="break-all text-slate-500">{row.userAgent?.slice(0, 80)}</span>
              </td>
              {linkages ? (
                <td className={cell}>{row.grantId ? <Link href={`/admin/linkages/${row.grantId}`} className="text-brand-700 underline">{t('linkageLink')}</Link> : null}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
