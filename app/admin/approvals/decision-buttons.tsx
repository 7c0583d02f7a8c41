'use client';
// The approve and reject buttons for one pending change. An approval that creates a client secret shows
// it here, once: it lives only in this action's answer.
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { AdminFormMessage, RevealOnce, type AdminAction } from '@/components/admin/admin-form-bits';
import { useHydrated } from '@/components/form/use-journey-form';

const button = 'rounded-md px-3 py-1.5 font-bold disabled:opacity-60';

export function DecisionButtons({ changeId, approve, reject }: { changeId: string; approve: AdminAction; reject: AdminAction }) {
  const t = useTranslations('adminApprovals');
  const [approved, approveAction, approving] = useActionState(approve, {});
  const [rejected, rejectAction, rejecting] = useActionState(reject, {});
  const hydrated = useHydrated();
  const busy = approving || rejecting || !hydrated;
  if (approved.done || rejected.done) {
    return (
      <div className="space-y-2">
        <p role="status" className="font-medium">{t(approved.done ? 'approved' : 'rejected')}</p>
        {approved.reveal ? <RevealOnce reveal={approved.reveal} title={t('secretTitle')} lead={t('secretLead')} idLabel={t('clientId')} valueLabel={t('secret')} /> : null}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <AdminFormMessage state={approved.message ? approved : rejected} />
      <div className="flex gap-2">
        <form action={approveAction}>
          <input type="hidden" name="changeId" value={changeId} />
          <button type="submit" disabled={busy} className={`${button} bg-brand-700 text-white hover:bg-brand-800`}>{t('approve')}</button>
        </form>
        <form action={rejectAction}>
          <input type="hidden" name="changeId" value={changeId} />
          <button type="submit" disabled={busy} className={`${button} border border-slate-400 bg-white hover:bg-slate-100`}>{t('reject')}</button>
        </form>
      </div>
    </div>
  );
}
