import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { requireStaff } from '@/server/admin/staff-session';
import { registerPartnerAction } from '../../registry-actions';
import { RegistrationForm } from './registration-form';

export default async function RegisterPartnerPage() {
  const staff = await requireStaff();
  const t = await getTranslations('adminPartners');
  return (
    <AdminFrame staff={staff} current="/admin/partners" title={t('registerTitle')}>
      <p className="text-sm text-slate-600">{t('registerLead')}</p>
      <RegistrationForm action={registerPartnerAction} />
    </AdminFrame>
  );
}
