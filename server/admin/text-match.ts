// "Contains this text" as staff type it into the console's search boxes, the same on both
// stores: SQLite's LIKE ignores ASCII case and has no escape character; PostgreSQL's LIKE
// does neither, so there it is ILIKE with escaping turned off.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { isPostgres } from '@/db/postgres';

/** The LIKE pattern for `text` anywhere; wildcards staff type are dropped (names never need them). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_]/g, '')}%`;
}

export function containsText(db: Db, column: AnyColumn | SQL, text: string): SQL {
  const pattern = containsPattern(text);
  return isPostgres(db) ? sql`${column} ilike ${pattern} escape ''` : sql`${column} like ${pattern}`;
}
