import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable } from '@/components/admin-table';
import { AuditTable } from '@/components/admin/audit-table';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { getDb } from '@/db/client';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { linkageHistory } from '@/server/admin/linkage-history';
import { requireStaff } from '@/server/admin/staff-session';

export default async function AdminLinkagePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const t = await getTranslations('adminLinkage');
  const insight = await getTranslations('linkageInsight');
  const scopeLabel = await getTranslations('journey.scopes');
  const accountText = await getTranslations('journey.account');
  const format = await getFormatter();
  const when = (value: Date | null) => (value ? format.dateTime(value, { dateStyle: 'medium', timeStyle: 'medium' }) : t('none'));
  const found = /^[a-z]{2,4}_[a-z0-9_]{1,60}$/.test(id) ? await linkageHistory(getDb(), id) : null;

  return (
    <AdminFrame staff={staff} current="/admin" title={t('title')} wide>
      <Link href="/admin" className="text-sm text-brand-700 underline">{t('back')}</Link>
      {!found ? (
        <p role="status">{t('notFound')}</p>
      ) : (
        <>
          <dl className="grid gap-x-4 gap-y-1 rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-600">{t('company')}</dt>
            <dd>{t('companyValue', { company: found.grant.companyName, loginId: found.grant.loginId })}</dd>
            <dt className="text-slate-600">{t('partner')}</dt>
            <dd>{t('partnerValue', { service: found.grant.partnerServiceName, company: found.grant.partnerCompanyName })}</dd>
            <dt className="text-slate-600">{t('operations')}</dt>
            <dd>{normalizeScopes(found.grant.scopes).map((s) => scopeLabel(scopeMessageKey(s))).join(t('separator'))}</dd>
            <dt className="text-slate-600">{t('accounts')}</dt>
            <dd>{found.accounts.map((a) => accountText('label', { branch: a.branchName, code: a.branchCode, type: accountText(`types.${a.typeCode}`), number: a.number })).join(t('separator'))}</dd>
            <dt className="text-slate-600">{t('period')}</dt>
            <dd>{t('periodValue', { from: when(found.grant.createdAt), to: when(found.grant.expiresAt) })}</dd>
            <dt className="text-slate-600">{t('status')}</dt>
            <dd>{found.grant.revokedAt ? t('revokedValue', { status: t(`statuses.${found.grant.status}`), at: when(found.grant.revokedAt) }) : t(`statuses.${found.grant.status}`)}</dd>
            <dt className="text-slate-600">{insight('lastAccess')}</dt>
            <dd>{found.usage.lastReadAt ? when(found.usage.lastReadAt) : insight('never')}</dd>
            <dt className="text-slate-600">{insight('reads')}</dt>
            <dd>{insight('readsValue', { count: found.usage.readsLast30Days })}</dd>
          </dl>
          <h2 className="text-lg font-bold">{t('tokensHeading')}</h2>
          <AdminTable
            headers={[t('tokenColumns.kind'), t('tokenColumns.issued'), t('tokenColumns.expires'), t('tokenColumns.rotated'), t('tokenColumns.revoked')]}
            rows={found.tokens.map((token, i) => ({ key: String(i), cells: [t(`tokenKinds.${token.kind}`), when(token.createdAt), when(token.expiresAt), when(token.rotatedAt), when(token.revokedAt)] }))}
            empty={t('noTokens')}
          />
          <h2 className="text-lg font-bold">{t('historyHeading')}</h2>
          <AuditTable rows={found.history.rows} linkages={false} />
        </>
      )}
    </AdminFrame>
  );
}
