import { getTranslations } from 'next-intl/server';
import type { LastVerification } from '@/server/audit-verify';

/** Up to which row the audit chain was last verified, and when (npm run audit:verify). */
export async function ChainStatus({ last }: { last: LastVerification | null }) {
  const t = await getTranslations('adminAudit.chain');
  if (!last) return <p className="text-sm text-slate-600">{t('never')}</p>;
  const at = last.at.slice(0, 19).replace('T', ' ');
  return last.ok ? (
    <p className="rounded border border-slate-300 bg-white px-3 py-2 text-sm">{t('verified', { at, id: last.throughId ?? 0 })}</p>
  ) : (
    <p role="alert" className="rounded border border-red-600 bg-red-50 px-3 py-2 text-sm font-bold">{t('failed', { at, id: last.firstBadId ?? 0 })}</p>
  );
}
