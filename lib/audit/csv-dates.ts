// Times in the audit CSV: JST as stored (2026-11-20 10:02:03), or in the Japanese era
// (令和8年11月20日 10:02:03) through ICU's Japanese calendar, never our own era table.
const japaneseEra = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Tokyo',
});

/** `occurredAt` is ISO 8601 with +09:00 (server/audit.ts). */
export function csvTime(occurredAt: string, era: 'gregorian' | 'japanese'): string {
  if (era === 'japanese') return japaneseEra.format(new Date(occurredAt));
  return occurredAt.slice(0, 19).replace('T', ' ');
}
