// Builds something once per database connection (prepared statements, mostly) and hands
// the same instance back on every later call with that connection.
import type { Db } from '@/db/client';

export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
}
