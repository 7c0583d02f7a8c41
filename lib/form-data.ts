// Turns a submitted form into a record for zod (security.md: unknown, repeated or
// oversized parameters are refused, not ignored) through lib/param-record.ts, the same
// rules as OAuth and API parameters. Unknown keys are refused by the strict schema,
// `__proto__` and the other Object.prototype names here; repeated keys are refused unless
// the schema declares the field an array.
import { z } from 'zod';
import { toParamRecord, type ParamRecord } from '@/lib/param-record';

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

export type FormRecord = ParamRecord<string | string[]>;

/** Next.js adds its own `$ACTION_…` fields to forms posted without JavaScript. */
function isFrameworkField(key: string): boolean {
  return key.startsWith('$ACTION');
}

/** A form with a long field (a JWK Set, a list of URIs) raises the bound; its schema bounds each field. */
export interface FormLimits {
  maxValueLength?: number;
}

export function formDataToRecord(formData: FormData, schema: z.ZodObject, limits: FormLimits = {}): FormRecord | null {
  const result = toParamRecord(formData.entries(), {
    maxEntries: MAX_FIELDS,
    maxValueLength: limits.maxValueLength ?? MAX_VALUE_LENGTH,
    maxNameLength: 64,
    repeatable: (key) => Object.hasOwn(schema.shape, key) && schema.shape[key] instanceof z.ZodArray,
    skip: isFrameworkField,
  });
  return result.ok ? result.record : null;
}

export type ParsedForm<S extends z.ZodObject> =
  | { ok: true; data: z.output<S> }
  | { ok: false; state: FormState };

/** The form through the record rules and the schema: the data, or what the form shows. */
export function parseFormData<S extends z.ZodObject>(formData: FormData, schema: S, limits: FormLimits = {}): ParsedForm<S> {
  const record = formDataToRecord(formData, schema, limits);
  if (!record) return { ok: false, state: { message: 'invalidForm' } };
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, data: parsed.data };
  const { fieldErrors, formErrors } = z.flattenError(parsed.error);
  return {
    ok: false,
    state: {
      errors: fieldErrors,
      ...(formErrors.length > 0 ? { message: 'invalidForm' as const } : {}),
    },
  };
}
