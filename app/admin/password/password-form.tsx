'use client';
import { useTranslations } from 'next-intl';
import type { UseFormRegister } from 'react-hook-form';
import { AdminTextField } from '@/components/admin/admin-fields';
import { AdminFormMessage, type AdminAction } from '@/components/admin/admin-form-bits';
import { useAdminForm } from '@/components/admin/use-admin-form';
import { SubmitButton } from '@/components/form/submit-button';
import { changePasswordSchema } from '@/lib/admin/staff-schemas';

export function PasswordForm({ action }: { action: AdminAction }) {
  const t = useTranslations('adminPassword');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(changePasswordSchema, action, { currentPassword: '', newPassword: '', confirmPassword: '' });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <AdminFormMessage state={state} />
      <AdminTextField name="currentPassword" label={t('current')} type="password" errors={errorsFor('currentPassword')} register={register('currentPassword')} />
      <AdminTextField name="newPassword" label={t('new')} type="password" errors={errorsFor('newPassword')} register={register('newPassword')} />
      <AdminTextField name="confirmPassword" label={t('confirm')} type="password" errors={errorsFor('confirmPassword')} register={register('confirmPassword')} />
      <SubmitButton busy={busy}>{t('submit')}</SubmitButton>
    </form>
  );
}
