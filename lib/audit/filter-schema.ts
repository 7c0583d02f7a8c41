// The console's audit filters as search parameters (the page, its paging links and the CSV
// export read the same ones). A malformed value is dropped, not an error: the page then shows
// the unfiltered trail rather than a crash, and nothing is ever queried with it.
import { z } from 'zod';
import { AUDIT_EVENTS } from './events';

const jstDay = z.iso.date().optional().catch(undefined);
const ownId = z.string().regex(/^[a-z]{2,4}_[a-z0-9_]{1,60}$/).optional().catch(undefined);
const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value === '' ? undefined : value);

export const auditSearchSchema = z.object({
  from: z.preprocess(single, jstDay),
  to: z.preprocess(single, jstDay),
  event: z.preprocess(single, z.enum(AUDIT_EVENTS).optional().catch(undefined)),
  /** Company name or a customer's login ID, as typed; resolved to one company. */
  who: z.preprocess(single, z.string().trim().max(64).optional().catch(undefined)),
  company: z.preprocess(single, ownId),
  partner: z.preprocess(single, ownId),
  outcome: z.preprocess(single, z.enum(['success', 'failure']).optional().catch(undefined)),
  before: z.preprocess(single, cursor),
  after: z.preprocess(single, cursor),
  /** CSV only: dates in the Japanese era (令和…). */
  era: z.preprocess(single, z.enum(['japanese']).optional().catch(undefined)),
});

export type AuditSearch = z.output<typeof auditSearchSchema>;

/** The filter part of a search, as search parameters again (for links and the CSV button). */
export function auditFilterParams(search: AuditSearch, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'event', 'who', 'company', 'partner', 'outcome'] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}
