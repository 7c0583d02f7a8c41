// 認可期間 (journey.md step 5): from today to a concrete end date, in JST. The page shows
// and the 許可 transaction stores the same dates, so both call this.
import { addDays, endOfJstDay, jstDate } from '@/lib/jst';

export interface GrantPeriod {
  /** YYYY-MM-DD, JST. */
  startDate: string;
  /** YYYY-MM-DD, JST: the last day the linkage works. */
  endDate: string;
  /** The end of endDate (23:59:59.999 JST). */
  expiresAt: Date;
}

/** A period of `days` calendar days, today counting as the first. */
export function grantPeriod(days: number, now: Date = new Date()): GrantPeriod {
  const startDate = jstDate(now);
  const endDate = addDays(startDate, Math.max(1, days) - 1);
  return { startDate, endDate, expiresAt: endOfJstDay(endDate) };
}
