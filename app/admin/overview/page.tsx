import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { BarChart } from '@/components/admin/bar-chart';
import { ChainStatus } from '@/components/admin/chain-status';
import { getDb } from '@/db/client';
import { requireStaff } from '@/server/admin/staff-session';
import { lastChainVerification } from '@/server/audit-verify';
import { activeLinkagesPerPartner, readsPerDay } from '@/server/linkage-insight';

export default async function AdminOverviewPage() {
  const staff = await requireStaff();
  const t = await getTranslations('adminOverview');
  const db = getDb();
  const perPartner = await activeLinkagesPerPartner(db);
  const days = await readsPerDay(db);
  const lastVerification = await lastChainVerification(db);
  const total = days.reduce((sum, d) => sum + d.reads, 0);
  const max = Math.max(0, ...days.map((d) => d.reads));

  return (
    <AdminFrame staff={staff} current="/admin/overview" title={t('title')}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <section aria-labelledby="reads-heading" className="space-y-3">
        <h2 id="reads-heading" className="text-lg font-bold">{t('readsHeading')}</h2>
        <BarChart
          id="reads-chart"
          title={t('chartTitle')}
          description={t('chartDesc', { from: days[0]!.day, to: days.at(-1)!.day, max, total })}
          bars={days.map((d) => ({ label: d.day, value: d.reads }))}
        />
        <table className="sr-only">
          <caption>{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('day')}</th>
              <th scope="col">{t('reads')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{t('count', { count: d.reads })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="linkages-heading" className="space-y-3">
        <h2 id="linkages-heading" className="text-lg font-bold">{t('linkagesHeading')}</h2>
        <AdminTable
          headers={[t('partner'), t('active')]}
          rows={perPartner.map((p) => ({ key: p.partnerId, cells: [<TwoLines key="p" main={p.serviceName} sub={p.companyName} />, t('count', { count: p.active })] }))}
          empty=""
        />
      </section>
      <section aria-labelledby="chain-heading" className="space-y-2">
        <h2 id="chain-heading" className="text-lg font-bold">{t('chainHeading')}</h2>
        <ChainStatus last={lastVerification} />
      </section>
    </AdminFrame>
  );
}
