// One way for every server action to take input (saas-starter's validatedAction): the
// Origin must be the app's own (security.md: state-changing browser requests), and the
// form is parsed with the same zod schema the browser used. Next.js refuses a mismatched
// Origin itself but lets a request without one through; this refuses both.
import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { config } from '@/lib/config';
import { parseFormData, type FormLimits, type FormState } from '@/lib/form-data';
import { recordAudit, requestContextFrom, type RequestContext } from './audit';

type RefusalKey = 'forbidden' | 'invalidForm';

export function isAppOrigin(origin: string | null): boolean {
  return origin !== null && origin === new URL(config.appOrigin).origin;
}

export function validatedAction<S extends z.ZodObject, K extends string>(
  schema: S,
  action: (input: z.output<S>, context: RequestContext) => Promise<FormState<K | RefusalKey>>,
  limits: FormLimits = {},
) {
  return async (_previous: FormState<K | RefusalKey>, formData: FormData): Promise<FormState<K | RefusalKey>> => {
    const requestHeaders = await headers();
    const context = requestContextFrom(requestHeaders);
    if (!isAppOrigin(requestHeaders.get('origin'))) {
      await recordAudit(
        getDb(),
        { event: 'action.refused', outcome: 'failure', actorType: 'anonymous', detail: { reason: 'origin' } },
        context,
      );
      return { message: 'forbidden' };
    }
    const parsed = parseFormData(formData, schema, limits);
    // The schema's messages are the form's error keys (K), as the form's resolver uses them.
    if (!parsed.ok) return parsed.state as FormState<K | RefusalKey>;
    return action(parsed.data, context);
  };
}
