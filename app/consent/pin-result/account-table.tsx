import { getTranslations } from 'next-intl/server';
import { accountTextFormatter } from '@/components/journey/account-text';
import type { JourneyAccount, RegistrationState } from '@/server/journey/accounts';

const STATE_KEYS = {
  registered: 'stateRegistered',
  pending: 'statePending',
  unregistered: 'stateUnregistered',
} as const satisfies Record<RegistrationState, string>;

const STATE_STYLES: Record<RegistrationState, string> = {
  registered: 'text-brand-800',
  pending: 'text-brand-700',
  unregistered: 'text-slate-600',
};

/** The notice's account table: registration state, account, memo, current inquiry PIN (masked). */
export async function AccountTable({ accounts }: { accounts: JourneyAccount[] }) {
  const t = await getTranslations('journey.pinResult');
  const text = await accountTextFormatter();
  const cell = 'border-b border-slate-200 px-3 py-3 align-top';
  const dash = (
    <>
      <span aria-hidden="true">{t('none')}</span>
      <span className="sr-only">{t('noneLabel')}</span>
    </>
  );
  const pin = (account: JourneyAccount) =>
    account.state === 'unregistered' ? (
      dash
    ) : (
      <>
        <span aria-hidden="true">{t('maskedPin')}</span>
        <span className="sr-only">{t('maskedPinLabel')}</span>
      </>
    );
  return (
    <>
      {/* Phones: one card per account; the table below takes over from the sm breakpoint. */}
      <section aria-labelledby="account-cards-title" className="rounded-md border border-slate-300 sm:hidden">
        <h2 id="account-cards-title" className="bg-slate-100 px-3 py-2 font-bold text-slate-800">
          {t('tableTitle')}
        </h2>
        <ul className="divide-y divide-slate-200">
          {accounts.map((account) => (
            <li key={account.id} className="px-3 py-3 text-sm">
              <p className="font-medium">{text(account)}</p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-slate-700">
                <dt>{t('colState')}</dt>
                <dd className={`font-bold ${STATE_STYLES[account.state]}`}>{t(STATE_KEYS[account.state])}</dd>
                <dt>{t('colMemo')}</dt>
                <dd className="break-all">{account.memo ?? dash}</dd>
                <dt>{t('colPin')}</dt>
                <dd>{pin(account)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
      <div className="relative hidden overflow-x-auto rounded-md border border-slate-300 sm:block">
        <table className="w-full border-collapse text-left text-sm sm:text-base">
          <caption className="bg-slate-100 px-3 py-2 text-left font-bold text-slate-800">{t('tableTitle')}</caption>
          <thead className="bg-slate-50 text-xs text-slate-700 sm:text-sm">
            <tr>
              <th scope="col" className={cell}>{t('colState')}</th>
              <th scope="col" className={cell}>{t('colAccount')}</th>
              <th scope="col" className={cell}>{t('colMemo')}</th>
              <th scope="col" className={cell}>{t('colPin')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <td className={`${cell} whitespace-nowrap font-bold ${STATE_STYLES[account.state]}`}>
                  {t(STATE_KEYS[account.state])}
                </td>
                <th scope="row" className={`${cell} font-normal whitespace-nowrap`}>{text(account)}</th>
                <td className={`${cell} break-all`}>{account.memo ?? dash}</td>
                <td className={cell}>{pin(account)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
