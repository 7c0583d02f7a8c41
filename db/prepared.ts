// What differs between the two drivers below the query builder, in one place:
// - prepared statements: SQLite compiles a statement once per connection and runs it on that
//   connection whatever transaction is open; PostgreSQL runs a named statement on the
//   connection of the transaction's handle (node-postgres prepares it once per connection);
// - the count of rows an INSERT/UPDATE/DELETE changed (`changes` / `rowCount`);
// - raw SQL (`run`/`all` on SQLite, `execute` on PostgreSQL).
// Results come back as values or promises; callers always `await` them.
import type { SQL } from 'drizzle-orm';
import type { Db } from './client';
import { isPostgres } from './postgres';

export type Awaitable<T> = T | Promise<T>;
type Params = Record<string, unknown>;

interface SqlitePrepared {
  all(params?: Params): unknown[];
  get(params?: Params): unknown;
  run(params?: Params): { changes: number };
}
interface PgPrepared {
  execute(params?: Params): Promise<unknown>;
}
interface Preparable {
  prepare(name?: string): unknown;
}

/** The store a transaction's handle belongs to (write-transaction.ts makes SQLite's by Object.create). */
function connectionOf(db: Db): Db {
  return Object.hasOwn(db, '$client') ? db : (Object.getPrototypeOf(db) as Db);
}

function prepared<R>(name: string, build: (db: Db) => Preparable, sqlite: (statement: SqlitePrepared, params?: Params) => R, pg: (result: unknown) => R) {
  const compiled = new WeakMap<Db, SqlitePrepared>();
  return (db: Db, params?: Params): Awaitable<R> => {
    if (isPostgres(db)) return (build(db).prepare(name) as PgPrepared).execute(params).then(pg);
    const connection = connectionOf(db);
    let statement = compiled.get(connection);
    if (!statement) {
      statement = build(connection).prepare() as SqlitePrepared;
      compiled.set(connection, statement);
    }
    return sqlite(statement, params);
  };
}

type RowOf<Q> = Q extends PromiseLike<(infer Row)[]> ? Row : never;

/** A SELECT prepared once; answers its rows. `name` must be unique in the process (PostgreSQL). */
export function preparedRows<Q extends Preparable & PromiseLike<unknown[]>>(name: string, build: (db: Db) => Q) {
  return prepared<RowOf<Q>[]>(
    name,
    build,
    (statement, params) => statement.all(params) as RowOf<Q>[],
    (rows) => rows as RowOf<Q>[],
  );
}

/** A SELECT prepared once; answers its first row or undefined. */
export function preparedFirst<Q extends Preparable & PromiseLike<unknown[]>>(name: string, build: (db: Db) => Q) {
  return prepared<RowOf<Q> | undefined>(
    name,
    build,
    (statement, params) => statement.get(params) as RowOf<Q> | undefined,
    (rows) => (rows as RowOf<Q>[])[0],
  );
}

/** An INSERT/UPDATE/DELETE prepared once; answers how many rows it changed. */
export function preparedRun(name: string, build: (db: Db) => Preparable) {
  return prepared<number>(
    name,
    build,
    (statement, params) => statement.run(params).changes,
    (result) => changedRows(result),
  );
}

/** How many rows an awaited INSERT/UPDATE/DELETE changed, on either driver. */
export function changedRows(result: unknown): number {
  const counted = result as { changes?: number; rowCount?: number | null };
  return counted.changes ?? counted.rowCount ?? 0;
}

/** Runs raw SQL that answers no rows. */
export async function runSql(db: Db, query: SQL): Promise<void> {
  if (isPostgres(db)) await (db as unknown as PgExecutor).execute(query);
  else db.run(query);
}

/** Runs raw SQL and answers its rows (column names as the SQL names them). */
export async function rowsOfSql<Row>(db: Db, query: SQL): Promise<Row[]> {
  if (isPostgres(db)) return (await (db as unknown as PgExecutor).execute(query)).rows as Row[];
  return db.all(query) as Row[];
}

interface PgExecutor {
  execute(query: SQL): Promise<{ rows: unknown[] }>;
}
