// The period of a transactions request (partner-api.md): no dates means today only; the
// range is at most 366 days, never in the future, and never before the kept history.
import { jstDate } from '@/lib/jst';
import { ApiError } from './errors';

/** Movements are kept, and can be asked for, for 13 months back from today (JST). */
export const HISTORY_MONTHS = 13;
export const MAX_RANGE_DAYS = 366;

export interface DateRange {
  dateFrom: string;
  dateTo: string;
}

/** The same day `months` months earlier, clamped to the end of a shorter month. */
export function monthsBefore(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

export function historyStart(today: string): string {
  return monthsBefore(today, HISTORY_MONTHS);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** dateTo defaults to today and dateFrom to dateTo. */
export function resolveDateRange(query: { dateFrom?: string; dateTo?: string }, now: Date): DateRange {
  const today = jstDate(now);
  const dateTo = query.dateTo ?? today;
  const dateFrom = query.dateFrom ?? (query.dateTo ? dateTo : today);
  if (dateFrom > today || dateTo > today) throw new ApiError('invalid_date');
  if (dateFrom < historyStart(today)) throw new ApiError('date_before_history');
  if (dateFrom > dateTo || daysBetween(dateFrom, dateTo) + 1 > MAX_RANGE_DAYS) {
    throw new ApiError('invalid_date_range');
  }
  return { dateFrom, dateTo };
}
