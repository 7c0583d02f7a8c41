import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { adminLogoutAction } from '@/app/admin/actions';
import type { CurrentStaff } from '@/server/admin/staff-session';
import { ActionButtonForm } from './form/action-button-form';
import { SiteHeader } from './site-header';

const NAV = [
  { href: '/admin', key: 'linkages' },
  { href: '/admin/overview', key: 'overview' },
  { href: '/admin/partners', key: 'partners' },
  { href: '/admin/approvals', key: 'approvals' },
  { href: '/admin/staff', key: 'staff' },
  { href: '/admin/locks', key: 'locks' },
  { href: '/admin/audit', key: 'audit' },
] as const;

const smallButton = 'rounded-md border border-slate-300 bg-slate-50 px-4 py-1.5 text-sm font-bold text-slate-700 hover:bg-slate-200';

/** Every console page: who is logged in, the sections, the result of the last change. */
export async function AdminFrame({ staff, current, title, result, wide, children }: { staff: CurrentStaff; current: (typeof NAV)[number]['href']; title: string; result?: string; wide?: boolean; children: ReactNode }) {
  const t = await getTranslations('admin');
  const width = wide ? 'max-w-7xl' : 'max-w-4xl';
  return (
    <div className="min-h-screen">
      <SiteHeader width={width}>
        <div className="flex items-center gap-3 text-sm">
          <span>{t('who', { name: staff.displayName, role: t(`roles.${staff.role}`) })}</span>
          <ActionButtonForm action={adminLogoutAction} label={t('logout')} className={smallButton} />
        </div>
      </SiteHeader>
      <nav aria-label={t('navLabel')} className="border-b border-slate-200 bg-white">
        <ul className={`mx-auto flex ${width} flex-wrap gap-1 px-4`}>
          {NAV.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={item.href === current ? 'page' : undefined}
                className="inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium aria-[current=page]:border-brand-700 aria-[current=page]:text-brand-700"
              >
                {t(`nav.${item.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className={`mx-auto ${width} space-y-5 px-4 py-6`}>
        <h1 className="text-xl font-bold">{title}</h1>
        {result === 'done' || result === 'unchanged' || result === 'proposed' || result === 'saved' ? (
          <p role="status" className="rounded border border-brand-600 bg-brand-50 px-4 py-3 text-sm font-medium">{t(`results.${result}`)}</p>
        ) : null}
        {children}
      </main>
    </div>
  );
}
