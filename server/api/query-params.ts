// Query strings are parsed strictly (security.md): a repeated, unknown or oversized
// parameter, `__proto__` included (lib/param-record.ts), is refused with 400, never ignored.
import { z } from 'zod';
import { toParamRecord } from '@/lib/param-record';
import { ApiError, type ApiErrorCode } from './errors';

const MAX_QUERY_LENGTH = 2048;
const QUERY_RULES = { maxEntries: 20, maxValueLength: MAX_QUERY_LENGTH, maxNameLength: 64 };

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  });

export const transactionsQuerySchema = z.strictObject({
  dateFrom: isoDateSchema.optional(),
  dateTo: isoDateSchema.optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
  nextItemKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/)
    .optional(),
});

export const emptyQuerySchema = z.strictObject({});

const errorCodeOfField: Record<string, ApiErrorCode> = {
  dateFrom: 'invalid_date',
  dateTo: 'invalid_date',
  limit: 'invalid_limit',
  nextItemKey: 'invalid_next_item_key',
};

export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  if (url.search.length > MAX_QUERY_LENGTH) throw new ApiError('invalid_parameter');
  const raw = toParamRecord(url.searchParams, QUERY_RULES);
  if (!raw.ok) throw new ApiError('invalid_parameter');
  const parsed = schema.safeParse(raw.record);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? undefined : issue?.path[0];
  throw new ApiError((typeof field === 'string' && errorCodeOfField[field]) || 'invalid_parameter');
}
