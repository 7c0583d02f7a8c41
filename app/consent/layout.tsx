import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

export default async function ConsentLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('journey');
  return (
    <div className="flex min-h-screen flex-col">
      <header className="bg-brand-800 text-white shadow">
        <div className="mx-auto flex max-w-3xl flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-3 sm:px-6">
          <span className="text-lg font-bold tracking-wide">{t('header.union')}</span>
          <span className="text-sm text-brand-100">{t('header.service')}</span>
          <span className="ml-auto hidden rounded border border-brand-100/60 px-2 py-0.5 text-xs sm:inline">{t('header.area')}</span>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-3 py-5 sm:px-6 sm:py-8">
        <noscript>
          <p className="mb-5 rounded border border-amber-400 bg-amber-50 px-4 py-3 font-medium text-amber-900">
            {t('frame.noScript')}
          </p>
        </noscript>
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-3xl px-4 py-4 text-xs text-slate-600 sm:px-6">{t('frame.footer')}</p>
      </footer>
    </div>
  );
}
