// nextItemKey: the itemKey of the page's last movement plus the period it was issued for,
// base64url-encoded. The server resolves the movement again, so a cursor can only point
// inside the account and the period it is presented with: one from another account, from
// another dateFrom/dateTo, edited or made up is refused with 400.
import { z } from 'zod';
import { ApiError } from './errors';
import type { DateRange } from './date-range';
import type { ApiStatements } from './statements';

const cursorSchema = z.strictObject({
  v: z.literal(1),
  k: z.string().min(1).max(200),
  f: z.string(),
  t: z.string(),
});

export function encodeCursor(itemKey: string, range: DateRange): string {
  const payload = JSON.stringify({ v: 1, k: itemKey, f: range.dateFrom, t: range.dateTo });
  return Buffer.from(payload, 'utf8').toString('base64url');
}

export interface CursorPosition {
  afterDate: string;
  afterId: number;
}

function decode(cursor: string): z.infer<typeof cursorSchema> | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function resolveCursor(
  statements: ApiStatements,
  cursor: string,
  accountId: string,
  range: DateRange,
): Promise<CursorPosition> {
  const payload = decode(cursor);
  if (
    !payload ||
    payload.f !== range.dateFrom ||
    payload.t !== range.dateTo ||
    encodeCursor(payload.k, range) !== cursor // only the exact encoding we issued
  ) {
    throw new ApiError('invalid_next_item_key');
  }
  const movement = await statements.movementByItemKey({ itemKey: payload.k });
  if (
    !movement ||
    movement.accountId !== accountId ||
    movement.transactionDate < range.dateFrom ||
    movement.transactionDate > range.dateTo
  ) {
    throw new ApiError('invalid_next_item_key');
  }
  return { afterDate: movement.transactionDate, afterId: movement.id };
}
