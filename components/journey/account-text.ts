import { getTranslations } from 'next-intl/server';
import type { JourneyAccount } from '@/server/journey/accounts';

/** 「インターネット支店(001) 普通 2000002」, as the notice's table writes an account. */
export async function accountTextFormatter() {
  const t = await getTranslations('journey.account');
  return (account: Pick<JourneyAccount, 'branchName' | 'branchCode' | 'typeCode' | 'number'>) =>
    t('label', {
      branch: account.branchName,
      code: account.branchCode,
      type: t(`types.${account.typeCode}`),
      number: account.number,
    });
}
