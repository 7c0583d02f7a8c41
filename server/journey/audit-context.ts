// Who and what a journey audit entry is about: the customer (once known), the company
// and the partner asking.
import type { AuditEntry } from '../audit';
import type { ActiveJourney } from './load';

export function journeyActor(journey: Pick<ActiveJourney, 'partner' | 'user'>): Pick<
  AuditEntry,
  'actorType' | 'actorId' | 'companyId' | 'partnerId'
> {
  return journey.user
    ? { actorType: 'customer', actorId: journey.user.id, companyId: journey.user.companyId, partnerId: journey.partner.id }
    : { actorType: 'anonymous', partnerId: journey.partner.id };
}
