// Turns a submitted form into a plain object for zod (security.md: unknown, repeated or
// oversized parameters are refused, not ignored). Unknown keys are refused by the strict
// schema; repeated keys are refused here unless the schema declares the field an array.
import { z } from 'zod';

const MAX_VALUE_LENGTH = 1024;
const MAX_FIELDS = 32;

/**
 * What a form action answers when it does not redirect: field errors and a message, both
 * as message keys of the form's error group (which must have the two keys of
 * `validatedAction`'s refusals: `forbidden` and `invalidForm`).
 */
export interface FormState<K extends string = string> {
  errors?: Partial<Record<string, K[]>>;
  message?: K;
  messageValues?: Record<string, number>;
}

export type FormRecord = Record<string, string | string[]>;

/** Next.js adds its own `$ACTION_…` fields to forms posted without JavaScript. */
function isFrameworkField(key: string): boolean {
  return key.startsWith('$ACTION');
}

export function formDataToRecord(formData: FormData, schema: z.ZodObject): FormRecord | null {
  const record: FormRecord = {};
  let count = 0;
  for (const [key, value] of formData.entries()) {
    if (isFrameworkField(key)) continue;
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH || ++count > MAX_FIELDS) return null;
    const isArray = schema.shape[key] instanceof z.ZodArray;
    const existing = record[key];
    if (existing === undefined) record[key] = isArray ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else return null;
  }
  return record;
}
