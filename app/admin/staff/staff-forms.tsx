'use client';
// Creating a staff member and resetting a password: both answer with a temporary password
// shown once (lib/admin/form-state.ts).
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import { AdminFieldset, AdminTextField } from '@/components/admin/admin-fields';
import { AdminFormMessage, RevealOnce, type AdminAction } from '@/components/admin/admin-form-bits';
import { useAdminForm } from '@/components/admin/use-admin-form';
import { secondaryButton } from '@/components/form/buttons';
import { useHydrated } from '@/components/form/use-journey-form';
import { createStaffSchema } from '@/lib/admin/staff-schemas';

export function CreateStaffForm({ action }: { action: AdminAction }) {
  const t = useTranslations('adminStaff');
  const roles = useTranslations('admin.roles');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(createStaffSchema, action, { loginId: '', displayName: '', role: 'auditor' });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  return (
    <div className="space-y-3">
      {state.reveal ? <RevealOnce reveal={state.reveal} title={t('passwordTitle')} lead={t('passwordLead', { loginId: state.reveal.id })} idLabel={t('loginId')} valueLabel={t('passwordTitle')} /> : null}
      <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <AdminFormMessage state={state} />
        <AdminTextField name="loginId" label={t('loginId')} errors={errorsFor('loginId')} register={register('loginId')} />
        <AdminTextField name="displayName" label={t('displayName')} errors={errorsFor('displayName')} register={register('displayName')} />
        <AdminFieldset legend={t('role')} name="role" errors={errorsFor('role')}>
          {(['admin', 'auditor'] as const).map((role) => (
            <label key={role} className="flex items-center gap-2">
              <input type="radio" value={role} className="size-5" {...register('role')} />
              {roles(role)}
            </label>
          ))}
        </AdminFieldset>
        <div><button type="submit" disabled={busy} className={secondaryButton}>{t('create')}</button></div>
      </form>
    </div>
  );
}

export function ResetPasswordButton({ action, staffId, loginId, className }: { action: AdminAction; staffId: string; loginId: string; className: string }) {
  const t = useTranslations('adminStaff');
  const [state, formAction, pending] = useActionState(action, {});
  const hydrated = useHydrated();
  if (state.reveal) {
    return <RevealOnce reveal={{ ...state.reveal, id: loginId }} title={t('passwordTitle')} lead={t('passwordLead', { loginId })} idLabel={t('loginId')} valueLabel={t('passwordTitle')} />;
  }
  return (
    <form action={formAction}>
      <AdminFormMessage state={state} />
      <input type="hidden" name="staffId" value={staffId} />
      <button type="submit" disabled={pending || !hydrated} className={className}>{t('resetPassword')}</button>
    </form>
  );
}
