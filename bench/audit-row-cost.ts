// Micro-benchmark of what the audit trail costs per API read (npx tsx bench/audit-row-cost.ts):
// the plain prepared insert without the console's indexes (the audit row as it was), with the
// indexes, with the hash chain (recordAuditFast), and with the linkage's day counter as well
// (what an API read writes now). Rows are written 50 to a transaction, as the group commit
// batches them, at synchronous = NORMAL so that the disk's sync does not drown the CPU cost.
// SQLite only: it measures the file's own statements (the PostgreSQL store has other costs).
/* eslint-disable no-restricted-syntax -- SQLite's prepared statements and pragmas, measured directly */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../db/client';
import { auditRowHash, GENESIS_HASH } from '../lib/audit/chain-hash';
import { recordAuditFast } from '../server/audit';
import { writeTransaction } from '../server/write-transaction';
import { countSuccessfulRead } from '../server/linkage-insight';

const ROWS = Number(process.env.ROWS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BATCH = 50;

function freshDb(dropIndexes: boolean): { db: Db; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cost-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  db.$client.pragma('synchronous = NORMAL');
  if (dropIndexes) for (const name of ['company', 'partner', 'outcome', 'occurred']) db.$client.exec(`DROP INDEX audit_events_${name}`);
  // A trail that is not empty: the last-hash read and the index inserts work on a real B-tree.
  const seed = db.$client.prepare("INSERT INTO audit_events (occurred_at, event, outcome, actor_type, partner_id, company_id, grant_id) VALUES (?, 'api.read', 'success', 'partner', ?, ?, ?)");
  db.$client.transaction(() => {
    for (let i = 0; i < 200_000; i++) seed.run(new Date(1_790_000_000_000 + i * 1000).toISOString(), `ptn_${i % 10}`, `co_${i % 1000}`, `grt_${i % 10_000}`);
  })();
  return { db, done: () => (db.$client.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

const entry = (i: number) => ({
  event: 'api.read',
  outcome: 'success' as const,
  actorType: 'partner' as const,
  actorId: `ptn_${i % 10}`,
  partnerId: `ptn_${i % 10}`,
  companyId: `co_${i % 1000}`,
  grantId: `grt_${i % 10_000}`,
  accountId: `acc_${i % 5000}`,
  detail: { endpoint: 'transactions', status: 200, dateFrom: '2026-11-01', dateTo: '2026-11-30', count: 100 },
});
const context = { ip: '203.0.113.7', userAgent: 'bench/1.0' };

/** Prepared once per database; each write gets the batch's transaction handle. */
type Variant = (db: Db) => (tx: Db, i: number) => unknown;

const plainInsert: Variant = (db) => {
  const statement = db.$client.prepare(
    'INSERT INTO audit_events (occurred_at, event, outcome, actor_type, actor_id, company_id, partner_id, grant_id, account_id, ip, user_agent, detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return (_tx, i) => {
    const e = entry(i);
    statement.run(new Date().toISOString(), e.event, e.outcome, e.actorType, e.actorId, e.companyId, e.partnerId, e.grantId, e.accountId, context.ip, context.userAgent, JSON.stringify(e.detail), null);
  };
};
/** The chain's own work alone: the last row's hash read, and SHA-256 over the canonical row. */
const chainOnly: Variant = (db) => {
  const last = db.$client.prepare('SELECT row_hash FROM audit_events ORDER BY id DESC LIMIT 1').pluck();
  return (_tx, i) => {
    const e = entry(i);
    auditRowHash((last.get() as string | null) ?? GENESIS_HASH, { ...e, occurredAt: new Date().toISOString(), ip: context.ip, userAgent: context.userAgent, requestId: null });
  };
};
const chained: Variant = () => (tx, i) => recordAuditFast(tx, entry(i), context);
const chainedAndCounted: Variant = () => async (tx, i) => {
  await recordAuditFast(tx, entry(i), context);
  await countSuccessfulRead(tx, `grt_${i % 10_000}`, `ptn_${i % 10}`, new Date());
};

async function measure(name: string, dropIndexes: boolean, variant: Variant): Promise<number> {
  const perRow: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { db, done } = freshDb(dropIndexes);
    const write = variant(db);
    const start = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i += BATCH) {
      // The rows of one batch in one transaction, on its handle, as the group commit does.
      await writeTransaction(db, async (tx) => {
        for (let j = i; j < i + BATCH; j++) await write(tx, j);
      });
    }
    perRow.push(Number(process.hrtime.bigint() - start) / 1000 / ROWS);
    done();
  }
  const median = perRow.sort((a, b) => a - b)[Math.floor(perRow.length / 2)]!;
  console.log(`${name.padEnd(56)} ${median.toFixed(2)} µs/row (min ${perRow[0]!.toFixed(2)}, max ${perRow.at(-1)!.toFixed(2)})`);
  return median;
}

const base = await measure('insert as before (no new indexes, no chain)', true, plainInsert);
const indexed = await measure('insert with the 4 console indexes', false, plainInsert);
const chainWork = await measure('the chain alone (last-hash read + SHA-256)', false, chainOnly);
const chain = await measure('recordAuditFast: indexes + hash chain', false, chained);
const counted = await measure('recordAuditFast + api_read_days counter (an API read)', false, chainedAndCounted);
console.log(`the chain's own work ${chainWork.toFixed(2)} µs; indexes +${(indexed - base).toFixed(2)} µs, recordAuditFast over the plain insert +${(chain - indexed).toFixed(2)} µs, counter +${(counted - chain).toFixed(2)} µs per row`);
