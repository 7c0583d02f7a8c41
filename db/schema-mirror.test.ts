// db/schema.pg.ts must mirror db/schema.sqlite.ts: services are typed against the SQLite tables
// and run unchanged on PostgreSQL only if every name, key, constraint and JS value agrees.
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { type Column, getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema.sqlite';

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;
type Dialect = 'sqlite' | 'pg';

function tablesOf(module: Record<string, unknown>, dialect: Dialect): Map<string, SQLiteTable | PgTable> {
  const isTable = (v: unknown) => (dialect === 'sqlite' ? is(v, SQLiteTable) : is(v, PgTable));
  return new Map(Object.entries(module).filter(([, v]) => isTable(v)) as [string, SQLiteTable | PgTable][]);
}

const sqliteTables = tablesOf(sqliteSchema, 'sqlite');
const pgTables = tablesOf(pgSchema, 'pg');

/** What a column holds, in terms both dialects share; an unknown type names itself so it never matches. */
function kindOf(column: Column, dialect: Dialect): string {
  const sqlType = column.getSQLType();
  if (dialect === 'sqlite') {
    if (column.columnType === 'SQLiteTimestamp') return (column as unknown as { mode: string }).mode;
    const kinds: Record<string, string> = { SQLiteBoolean: 'boolean', SQLiteTextJson: 'json', SQLiteText: 'text', SQLiteInteger: 'integer', SQLiteReal: 'real', SQLiteBlobBuffer: 'blob' };
    return kinds[column.columnType] ?? `sqlite:${column.columnType}`;
  }
  if (column.columnType === 'PgCustomColumn') {
    const kinds: Record<string, string> = { bigint: 'timestamp_ms', text: 'json', bytea: 'blob' };
    return kinds[sqlType] ?? `pg-custom:${sqlType}`;
  }
  // PgBigInt53 is bigint read as a JS number, like SQLite's integer; PgBigInt64 (JS bigint) is not.
  const kinds: Record<string, string> = { PgBoolean: 'boolean', PgText: 'text', PgInteger: 'integer', PgBigInt53: 'integer', PgDoublePrecision: 'real' };
  return kinds[column.columnType] ?? `pg:${column.columnType}`;
}

/** A literal default as itself, an SQL default as "sql" (the expressions differ by dialect). */
function defaultOf(column: Column): unknown {
  if (!column.hasDefault) return undefined;
  return is(column.default, SQL) ? 'sql' : column.default;
}

function describeColumns(table: SQLiteTable | PgTable, dialect: Dialect) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const c = column as Column & { autoIncrement?: boolean; generatedIdentity?: unknown };
      return [
        key,
        {
          name: c.name,
          kind: kindOf(c, dialect),
          notNull: c.notNull,
          default: defaultOf(c),
          // SQLite's autoincrement key is a by-default identity on PostgreSQL.
          serial: dialect === 'sqlite' ? c.autoIncrement === true : c.generatedIdentity !== undefined,
          enumValues: c.enumValues,
          unique: c.isUnique ? c.uniqueName : null,
        },
      ];
    }),
  );
}

/**
 * A non-unique SQLite index on a table whose `id` is its INTEGER PRIMARY KEY ends in that id
 * already (the rowid): on PostgreSQL the same index names the trailing `id` explicitly, so
 * that `WHERE column = ? ORDER BY id` walks it there too. Compared without it, on both sides.
 */
const implicitRowid = (columns: string[], unique: boolean, hasIntegerId: boolean) =>
  !unique && hasIntegerId && columns.length > 1 && columns.at(-1) === 'id' ? columns.slice(0, -1) : columns;

function describeConstraints(table: SQLiteTable | PgTable, config: AnyConfig) {
  const columns = Object.values(getTableColumns(table)) as Column[];
  const hasIntegerId = columns.some((c) => c.name === 'id' && c.primary && (c.dataType === 'number' || c.columnType.includes('Integer') || c.columnType.includes('BigInt')));
  const byName = <T extends { name?: string }>(list: T[]) => [...list].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    name: config.name,
    primaryKey: [...columns.filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name))],
    indexes: byName(
      config.indexes.map(({ config: i }) => ({
        name: i.name,
        columns: implicitRowid(
          i.columns.map((c) => (is(c, SQL) ? 'sql' : (c as { name: string }).name)),
          i.unique ?? false,
          hasIntegerId,
        ),
        unique: i.unique ?? false,
        partial: i.where !== undefined,
      })),
    ),
    foreignKeys: byName(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          from: ref.columns.map((c) => c.name),
          to: `${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(',')})`,
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
      }),
    ),
    uniqueConstraints: byName(config.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns.map((c) => c.name) }))),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const sqliteShape = (t: SQLiteTable) => ({ columns: describeColumns(t, 'sqlite'), ...describeConstraints(t, sqliteConfig(t)) });
const pgShape = (t: PgTable) => ({ columns: describeColumns(t, 'pg'), ...describeConstraints(t, pgConfig(t)) });

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  it('exports the same tables under the same names', () => {
    expect(sqliteTables.size).toBeGreaterThan(15);
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  it.each([...sqliteTables.keys()])('%s: same columns, keys, indexes and foreign keys', (key) => {
    const sqlite = sqliteShape(sqliteTables.get(key) as SQLiteTable);
    const pg = pgShape(pgTables.get(key) as PgTable);
    expect(Object.keys(sqlite.columns).length).toBeGreaterThan(1);
    expect(pg).toEqual(sqlite);
  });

  it('knows the kind of every SQLite column', () => {
    const unknown = [...sqliteTables.values()].flatMap((t) =>
      Object.values(getTableColumns(t)).filter((c) => kindOf(c, 'sqlite').startsWith('sqlite:')).map((c) => `${getTableName(t)}.${c.name}`),
    );
    expect(unknown).toEqual([]);
  });
});

/** Every column pair of one kind, for the value checks below. */
function pairsOfKind(kind: string): [string, Column, Column][] {
  return [...sqliteTables].flatMap(([key, table]) => {
    const pgColumns = getTableColumns(pgTables.get(key)!);
    return Object.entries(getTableColumns(table))
      .filter(([, c]) => kindOf(c, 'sqlite') === kind)
      .map(([field, c]) => [`${key}.${field}`, c, pgColumns[field]!] as [string, Column, Column]);
  });
}

describe('the PostgreSQL columns give services the same JS values', () => {
  it('stores a Date as the same Unix milliseconds and reads node-postgres int8 text back as that Date', () => {
    const pairs = pairsOfKind('timestamp_ms');
    expect(pairs.length).toBeGreaterThan(30);
    const when = new Date(1796177465479);
    for (const [, sqlite, pg] of pairs) {
      expect(pg.mapToDriverValue(when)).toBe(sqlite.mapToDriverValue(when));
      expect(pg.mapFromDriverValue('1796177465479')).toEqual(when);
      expect(pg.mapFromDriverValue(1796177465479)).toEqual(sqlite.mapFromDriverValue(1796177465479));
    }
  });

  it('writes JSON as the same text, key order kept, and parses it back', () => {
    const pairs = pairsOfKind('json');
    expect(pairs.length).toBeGreaterThan(10);
    const detail = { zeta: 1, alpha: ['x', { b: 2, a: 1 }] };
    for (const [, sqlite, pg] of pairs) {
      const text = pg.mapToDriverValue(detail);
      expect(text).toBe(sqlite.mapToDriverValue(detail));
      expect(text).toBe('{"zeta":1,"alpha":["x",{"b":2,"a":1}]}');
      expect(pg.mapFromDriverValue(text)).toEqual(detail);
      expect(Object.keys(pg.mapFromDriverValue(text) as object)).toEqual(['zeta', 'alpha']);
    }
  });

  it('reads integers, including int8 text past 2^31, as JS numbers', () => {
    const pairs = pairsOfKind('integer');
    expect(pairs.length).toBeGreaterThan(5);
    for (const [, , pg] of pairs) expect(pg.mapFromDriverValue(pg.getSQLType() === 'bigint' ? '3000000000' : 42)).toBeTypeOf('number');
  });

  it('keeps money in bigint, since a balance may pass PostgreSQL integer range', () => {
    const { amount, balance } = getTableColumns(pgSchema.transactions);
    expect([amount.getSQLType(), balance.getSQLType()]).toEqual(['bigint', 'bigint']);
    expect(balance.mapFromDriverValue('3000000000')).toBe(3_000_000_000);
  });
});

// Checked by tsc (npx tsc --noEmit -p .): the row types services see are the same on both.
type Rows<M> = { [K in keyof M]: M[K] extends { $inferSelect: infer R } ? R : never };
type NewRows<M> = { [K in keyof M]: M[K] extends { $inferInsert: infer R } ? R : never };

describe('the PostgreSQL row types', () => {
  it('equal the SQLite ones, for reading and for inserting', () => {
    expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
    expectTypeOf<NewRows<typeof pgSchema>>().toEqualTypeOf<NewRows<typeof sqliteSchema>>();
  });
});

describe('the committed PostgreSQL migrations', () => {
  it('are up to date with schema.pg.ts (run npm run db:generate:pg after changing it)', async () => {
    const meta = path.join(import.meta.dirname, 'migrations-pg', 'meta');
    const journal = JSON.parse(fs.readFileSync(path.join(meta, '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
    const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
    const snapshot = JSON.parse(fs.readFileSync(path.join(meta, `${last}_snapshot.json`), 'utf8'));
    const current = generateDrizzleJson(pgSchema, snapshot.id);
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });
});
