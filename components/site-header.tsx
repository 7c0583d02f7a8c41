import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

/** The credit union's header for the pages outside the journey (notice, linkages, admin). */
/** `width`: the page's own max-width class, so header and content line up on wide pages. */
export async function SiteHeader({ children, width = 'max-w-4xl' }: { children?: ReactNode; width?: string }) {
  const t = await getTranslations('app');
  return (
    <header className="border-b-4 border-brand-600 bg-white">
      <div className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-3 px-4 py-4`}>
        <div className="flex items-baseline gap-3">
          <Link href="/" className="text-lg font-bold text-brand-700">
            {t('unionName')}
          </Link>
          <span className="text-sm text-slate-500">{t('tagline')}</span>
        </div>
        {children}
      </div>
    </header>
  );
}
