import { SiteHeader } from './site-header';
import { PasswordLoginForm } from './form/password-login-form';
import type { JourneyAction } from './form/use-journey-form';

interface LoginPageProps {
  title: string;
  lead: string;
  action: JourneyAction;
  labels: { loginId: string; password: string; submit: string };
}

/** The plain login page of the customer's linkage page and the staff console. */
export function LoginPage({ title, lead, action, labels }: LoginPageProps) {
  return (
    <div className="min-h-screen">
      <SiteHeader />
      <main className="mx-auto max-w-md px-4 py-8">
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-bold">{title}</h1>
          <p className="mt-2 mb-5 text-sm text-slate-600">{lead}</p>
          <PasswordLoginForm action={action} labels={labels} />
        </section>
      </main>
    </div>
  );
}
