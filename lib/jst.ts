// Dates and times as partners and customers read them: Japan Standard Time (UTC+9, no DST).
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

function shifted(date: Date): Date {
  return new Date(date.getTime() + JST_OFFSET_MS);
}

/** YYYY-MM-DD in JST. */
export function jstDate(date: Date = new Date()): string {
  return shifted(date).toISOString().slice(0, 10);
}

/** HH:MM:SS in JST. */
export function jstTime(date: Date = new Date()): string {
  return shifted(date).toISOString().slice(11, 19);
}

/** ISO 8601 with +09:00, for the audit trail. */
export function jstIso(date: Date = new Date()): string {
  return `${shifted(date).toISOString().slice(0, 23)}+09:00`;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant that a JST calendar day ends (23:59:59.999 JST). */
export function endOfJstDay(isoDate: string): Date {
  return new Date(new Date(`${isoDate}T23:59:59.999+09:00`).getTime());
}
