import { getTranslations } from 'next-intl/server';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { journeyForPage } from '@/server/journey/current';
import { OperationsForm } from './operations-form';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('operations') };
}

export default async function OperationsPage() {
  const journey = await journeyForPage('operations');
  const t = await getTranslations('journey');
  const requested = normalizeScopes(journey.request.requestedScopes).map((scope) => ({
    scope,
    label: t(`scopes.${scopeMessageKey(scope)}`),
  }));
  return (
    <JourneyFrame step="operations" facts={journey.facts} partner={journey.partner}>
      <p className="leading-relaxed">{t('operations.lead')}</p>
      <OperationsForm requested={requested} />
    </JourneyFrame>
  );
}
