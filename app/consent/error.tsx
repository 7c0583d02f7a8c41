'use client';
import { useTranslations } from 'next-intl';

/** Anything unexpected: a plain Japanese message, never the error itself. */
export default function ConsentError() {
  const t = useTranslations('journey.unavailable');
  return (
    <section className="rounded-lg border border-slate-200 bg-white px-4 py-6 shadow-sm sm:px-6">
      <h1 className="text-lg font-bold">{t('title')}</h1>
      <p className="mt-3 text-slate-700">{t('failed')}</p>
    </section>
  );
}
