import { getTranslations } from 'next-intl/server';
import { SiteHeader } from '@/components/site-header';
import { requireStaff } from '@/server/admin/staff-session';
import { changePasswordAction } from '../staff-actions';
import { PasswordForm } from './password-form';

// Open to a member with a temporary password (every other console page sends them here).
export default async function ChangePasswordPage() {
  const staff = await requireStaff({ passwordChange: true });
  const t = await getTranslations('adminPassword');
  return (
    <div className="min-h-screen">
      <SiteHeader />
      <main className="mx-auto max-w-md px-4 py-8">
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-bold">{t('title')}</h1>
          <p className="mt-2 mb-5 text-sm text-slate-600">{t(staff.mustChangePassword ? 'lead' : 'leadVoluntary')}</p>
          <PasswordForm action={changePasswordAction} />
        </section>
      </main>
    </div>
  );
}
