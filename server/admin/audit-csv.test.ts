import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, sql } from 'drizzle-orm';
import { runSql } from '@/db/prepared';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, staff } from '@/db/schema';
import { auditSearchSchema } from '@/lib/audit/filter-schema';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { writeTransaction } from '../write-transaction';
import { recordAudit } from '../audit';
import { auditCsvStream } from './audit-csv';
import { listAuditPage } from './audit-trail';

const context = { ip: '203.0.113.20', userAgent: 'csv-test' };

async function readAll(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  const bytes = Buffer.concat(chunks);
  return { bytes, text: bytes.toString('utf8'), chunks: chunks.length };
}

const latestExport = async (temp: TempDb) => (await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'audit.exported')).orderBy(desc(auditEvents.id)).limit(1))[0]!;

describe('audit CSV export', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  let auditor: { id: string; role: 'admin' | 'auditor' };
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
    auditor = (await temp.db.select({ id: staff.id, role: staff.role }).from(staff).where(eq(staff.loginId, 'auditor')))[0]!;
    await recordAudit(temp.db, { event: 'customer.login', outcome: 'failure', actorType: 'customer', actorId: seed.userIds.tsunagu01, companyId: seed.companyIds.tsunagu01, occurredAt: new Date('2026-11-20T01:02:03Z') }, { ip: '198.51.100.1', userAgent: '=cmd|" /C calc"!A0, and\r\nmore' });
    await recordAudit(temp.db, { event: 'api.read', outcome: 'success', actorType: 'partner', actorId: seed.partnerIds['demo-kaikei']!, partnerId: seed.partnerIds['demo-kaikei']!, companyId: seed.companyIds.tsunagu01, accountId: seed.accountIds['2222222']!, occurredAt: new Date('2026-11-20T02:00:00Z') }, context);
  });
  afterAll(() => temp.cleanup());

  const search = (params: Record<string, string>) => auditSearchSchema.parse(params);

  it('writes a BOM, one Japanese header row, CRLF records, quoted and defused values, JST times', async () => {
    const { bytes, text } = await readAll(await auditCsvStream(temp.db, search({ company: seed.companyIds.tsunagu01 }), { actor: auditor, context }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = text.slice(1);
    expect(body.startsWith('番号,日時,イベント,イベント名,結果,法人名,ログインID,API連携先サービス,API連携先提供会社,職員,支店,種別,口座番号,IPアドレス,ユーザーエージェント,連携ID,詳細\r\n')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    const [, read, login] = body.split(/\r\n(?=\d+,)/);
    expect(read).toMatch(/^\d+,2026-11-20 11:00:00,口座情報API照会,api\.read,成功,つなぐ商事株式会社,,デモ会計,/);
    expect(read).toContain(',普通,2222222,203.0.113.20,csv-test,');
    expect(login).toContain(',2026-11-20 10:02:03,利用者ログイン,customer.login,失敗,つなぐ商事株式会社,tsunagu01,');
    expect(login).toContain(',198.51.100.1,"\'=cmd|"" /C calc""!A0, and\r\nmore",');
  });

  it('writes dates in the Japanese era when asked', async () => {
    const { text } = await readAll(await auditCsvStream(temp.db, search({ event: 'customer.login', era: 'japanese' }), { actor: auditor, context }));
    expect(text).toContain(',令和8年11月20日 10:02:03,利用者ログイン,');
  });

  it('exports exactly what the filters select, in the order the page shows', async () => {
    const { text } = await readAll(await auditCsvStream(temp.db, search({ event: 'api.read' }), { actor: auditor, context }));
    const records = text.slice(1).split('\r\n').filter(Boolean);
    expect(records).toHaveLength(2);
    expect(records[1]!.split(',')[0]).toBe(String((await listAuditPage(temp.db, { event: 'api.read' })).rows[0]!.id));
    const none = await readAll(await auditCsvStream(temp.db, search({ who: 'どこにもない法人' }), { actor: auditor, context }));
    expect(none.text.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('audits each export with who, which filter and how many rows', async () => {
    await readAll(await auditCsvStream(temp.db, search({ event: 'customer.login', outcome: 'failure' }), { actor: auditor, context }));
    const row = await latestExport(temp);
    expect(row).toMatchObject({ actorType: 'staff', actorId: auditor.id, ip: '203.0.113.20', detail: { filter: { event: 'customer.login', outcome: 'failure' }, era: 'gregorian', rows: 1, completed: true } });
  });
});

describe('audit CSV export of many rows', () => {
  let temp: TempDb;
  const actor = { id: 'stf_csv', role: 'auditor' as const };
  beforeAll(async () => {
    temp = await createTempDb();
    // Unchained rows straight into the table: PostgreSQL makes them in one statement, SQLite a
    // thousand per statement in one transaction.
    if (onPostgres) {
      await runSql(
        temp.db,
        sql`insert into audit_events (occurred_at, event, outcome, actor_type, partner_id)
            select '2026-11-20T10:00:00.' || lpad((g % 1000)::text, 3, '0') || '+09:00', 'api.read', 'success', 'partner', 'ptn_many'
            from generate_series(0, 199999) as g order by g`,
      );
      // What autovacuum does soon after such a load; without statistics the planner takes 200,000 for a few.
      await runSql(temp.db, sql`analyze audit_events`);
      return;
    }
    await writeTransaction(temp.db, async (tx) => {
      for (let start = 0; start < 200_000; start += 1000) {
        const rows = Array.from({ length: 1000 }, (_, k) => ({
          occurredAt: `2026-11-20T10:00:00.${String((start + k) % 1000).padStart(3, '0')}+09:00`,
          event: 'api.read',
          outcome: 'success' as const,
          actorType: 'partner' as const,
          partnerId: 'ptn_many',
        }));
        await tx.insert(auditEvents).values(rows);
      }
    });
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('streams 200,000 rows in batches, one chunk per batch, never all at once', async () => {
    const { text, chunks } = await readAll(await auditCsvStream(temp.db, auditSearchSchema.parse({ partner: 'ptn_many' }), { actor, context }));
    expect(chunks).toBe(1 + 200);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(200_001);
    const [exported] = await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'audit.exported'));
    expect(exported!.detail).toMatchObject({ rows: 200_000, completed: true });
  }, 60_000);

  it('reads only as far as the client took, and audits a cut-off download too', async () => {
    const reader = (await auditCsvStream(temp.db, auditSearchSchema.parse({ partner: 'ptn_many' }), { actor, context })).getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel();
    const exported = await latestExport(temp);
    expect(exported.detail).toMatchObject({ completed: false });
    expect((exported.detail as { rows: number }).rows).toBeLessThanOrEqual(4_000);
  });
});
