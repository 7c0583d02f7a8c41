import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, staff } from '@/db/schema';
import { auditSearchSchema } from '@/lib/audit/filter-schema';
import { createLinkage } from '@/test/linkage-fixture';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { recordAudit } from '../audit';
import { auditConditions, auditFilterOf, auditRowsQuery, listAuditPage, resolveCompany, type AuditFilter } from './audit-trail';

const context = { ip: '203.0.113.9', userAgent: 'audit-trail-test' };

async function allPages(db: Db, filter: AuditFilter, pageSize: number) {
  const ids: number[] = [];
  let page = await listAuditPage(db, filter, {}, pageSize);
  ids.push(...page.rows.map((r) => r.id));
  while (page.older) {
    page = await listAuditPage(db, filter, { before: page.older }, pageSize);
    ids.push(...page.rows.map((r) => r.id));
  }
  return ids;
}

describe('the console audit trail', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  let grantId: string;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
    grantId = (await createLinkage(temp.db, { companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, partnerId: seed.partnerIds['demo-kaikei']!, accountIds: [seed.accountIds['2222222']!] })).grantId;
    const [admin] = await temp.db.select().from(staff).where(eq(staff.loginId, 'admin'));
    const login = (at: string) => recordAudit(temp.db, { event: 'customer.login', outcome: 'success', actorType: 'customer', actorId: seed.userIds.tsunagu02, companyId: seed.companyIds.tsunagu02, occurredAt: new Date(at) }, context);
    // Two requests around midnight whose rows commit in the other order (ids ≠ time order by 2 s).
    await login('2026-11-19T15:00:01Z'); // 11-20 00:00:01 JST
    await login('2026-11-19T14:59:59.999Z'); // 11-19 23:59:59.999 JST
    const same = new Date('2026-11-20T01:00:00Z'); // 10:00 JST, shared by many rows
    for (let i = 0; i < 30; i++) {
      await recordAudit(temp.db, { event: 'api.read', outcome: i % 5 ? 'success' : 'failure', actorType: 'partner', actorId: seed.partnerIds['demo-kaikei']!, partnerId: seed.partnerIds['demo-kaikei']!, companyId: seed.companyIds.tsunagu01, grantId, accountId: seed.accountIds['2222222']!, occurredAt: same }, context);
    }
    await recordAudit(temp.db, { event: 'admin.linkage_revoked', outcome: 'success', actorType: 'staff', actorId: admin!.id, grantId, partnerId: seed.partnerIds['demo-kaikei']!, companyId: seed.companyIds.tsunagu01, occurredAt: new Date('2026-11-21T14:59:00Z') }, context);
    await login('2026-11-21T15:00:00Z'); // 11-22 00:00 JST
  });
  afterAll(() => temp.cleanup());

  it('shows names instead of ids: company, login ID, partner, staff and account', async () => {
    const [revoked] = (await listAuditPage(temp.db, { event: 'admin.linkage_revoked' })).rows;
    expect(revoked).toMatchObject({ companyName: 'つなぐ商事株式会社', loginId: 'tsunagu01', partnerServiceName: 'デモ会計', staffName: expect.any(String) });
    const [read] = (await listAuditPage(temp.db, { event: 'api.read' })).rows;
    expect(read).toMatchObject({ loginId: 'tsunagu01', branchCode: expect.any(String), accountNumber: '2222222', accountType: '1', ip: '203.0.113.9', userAgent: 'audit-trail-test' });
    const [login] = (await listAuditPage(temp.db, { event: 'customer.login' })).rows;
    expect(login).toMatchObject({ companyName: 'みなと製作所株式会社', loginId: 'tsunagu02', staffName: null });
  });

  it('pages by id through rows with equal timestamps without losing or repeating one, both ways', async () => {
    const everything = (await temp.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.event, 'api.read'))).map((r) => r.id).sort((a, b) => b - a);
    expect(await allPages(temp.db, { event: 'api.read' }, 7)).toEqual(everything);
    // Back towards the newest with `after`: the same pages in reverse.
    const first = await listAuditPage(temp.db, { event: 'api.read' }, {}, 7);
    const second = await listAuditPage(temp.db, { event: 'api.read' }, { before: first.older! }, 7);
    expect(second.newer).toBe(second.rows[0]!.id);
    const back = await listAuditPage(temp.db, { event: 'api.read' }, { after: second.newer! }, 7);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.newer).toBeNull();
    expect(first.newer).toBeNull();
  });

  it('narrows by every filter', async () => {
    const kaikei = seed.partnerIds['demo-kaikei']!;
    expect(await allPages(temp.db, { outcome: 'failure' }, 100)).toHaveLength(6);
    expect((await listAuditPage(temp.db, { partner: kaikei })).rows.every((r) => r.partnerServiceName === 'デモ会計')).toBe(true);
    expect(await allPages(temp.db, { partner: kaikei }, 100)).toHaveLength(31);
    expect(await allPages(temp.db, { companyId: seed.companyIds.tsunagu02 }, 100)).toHaveLength(3);
    expect(await allPages(temp.db, { companyId: seed.companyIds.tsunagu01, outcome: 'success', event: 'api.read' }, 100)).toHaveLength(24);
    // JST days, edges included: 11-20 and 11-21 hold the login at 00:00:01, the 30 reads and
    // the revocation at 23:59; the login at 23:59:59.999 the day before is not theirs.
    expect(await allPages(temp.db, { from: '2026-11-20', to: '2026-11-21' }, 100)).toHaveLength(32);
    expect(await allPages(temp.db, { from: '2026-11-22' }, 100)).toHaveLength(1);
    expect((await listAuditPage(temp.db, { to: '2026-11-19' })).rows.map((r) => r.occurredAt)).toEqual(['2026-11-19T23:59:59.999+09:00']);
  });

  it('resolves company or login ID to one company, offers several, and matches nothing for a stranger', async () => {
    expect(await resolveCompany(temp.db, 'tsunagu02')).toEqual({ kind: 'one', companyId: seed.companyIds.tsunagu02, companyName: 'みなと製作所株式会社' });
    expect(await resolveCompany(temp.db, 'つなぐ')).toMatchObject({ kind: 'one', companyId: seed.companyIds.tsunagu01 });
    expect(await resolveCompany(temp.db, '株式会社')).toMatchObject({ kind: 'several' });
    expect((await auditFilterOf(temp.db, auditSearchSchema.parse({ who: 'nobody-here' }))).filter).toBeNull();
  });

  it('drops malformed search parameters instead of querying with them', () => {
    expect(auditSearchSchema.parse({ event: 'no.such_event', from: '2026-13-40', before: '-3', partner: "x' OR 1=1", outcome: 'maybe' })).toEqual({});
    expect(auditSearchSchema.parse({ event: ['api.read', 'customer.login'], from: '2026-11-01' })).toEqual({ event: 'api.read', from: '2026-11-01' });
  });
});

// The plans are SQLite's (EXPLAIN QUERY PLAN on the connection itself); PostgreSQL's planner
// chooses by its own statistics.
describe.skipIf(onPostgres)('audit trail query plans over many rows', () => {
  let temp: TempDb;
  beforeAll(async () => {
    temp = await createTempDb();
    /* eslint-disable no-restricted-syntax -- SQLite's own connection: bulk rows and query plans */
    // 60,000 rows over 60 days, 5 companies, 4 partners, a few events; inserted directly.
    const insert = temp.db.$client.prepare(
      `INSERT INTO audit_events (occurred_at, event, outcome, actor_type, actor_id, company_id, partner_id, grant_id) VALUES (?, ?, ?, 'partner', ?, ?, ?, ?)`,
    );
    const events = ['api.read', 'token.refreshed', 'customer.login', 'token.issued'];
    temp.db.$client.transaction(() => {
      for (let i = 0; i < 60_000; i++) {
        const at = new Date(Date.UTC(2026, 9, 1) + i * 86_400);
        const iso = `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 23)}+09:00`;
        insert.run(iso, events[i % 4], i % 17 ? 'success' : 'failure', `ptn_${i % 4}`, `co_${i % 5}`, `ptn_${i % 4}`, `grt_${i % 50}`);
      }
    })();
  });
  afterAll(() => temp.cleanup());

  const filters: AuditFilter[] = [];
  for (let mask = 0; mask < 32; mask++) {
    filters.push({
      ...(mask & 1 ? { event: 'api.read' as const } : {}),
      ...(mask & 2 ? { companyId: 'co_2' } : {}),
      ...(mask & 4 ? { partner: 'ptn_1' } : {}),
      ...(mask & 8 ? { outcome: 'failure' as const } : {}),
      ...(mask & 16 ? { from: '2026-10-10', to: '2026-10-20' } : {}),
    });
  }

  function planOf(db: Db, query: { toSQL: () => { sql: string; params: unknown[] } }): string[] {
    const { sql, params } = query.toSQL();
    return (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
  }

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))('walks an index in id order for %s', async (_name, filter) => {
    for (const cursor of [[], [{ before: 40_000 }]] as const) {
      const conditions = await auditConditions(temp.db, filter);
      const extra = cursor.length ? [lt(auditEvents.id, cursor[0]!.before)] : [];
      const plan = planOf(temp.db, auditRowsQuery(temp.db, [...conditions, ...extra], 'older', 51));
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
      const main = plan.find((line) => /\baudit_events\b/.test(line))!;
      if (Object.keys(filter).length === 0 && !cursor.length) expect(main).toMatch(/^SCAN audit_events$/); // newest first, stops after a page
      else expect(main).toMatch(/^SEARCH audit_events USING (INDEX|INTEGER PRIMARY KEY|COVERING INDEX)/);
    }
  });

  it('finds the period’s id bounds with index seeks', async () => {
    const plan = temp.db.$client.prepare('EXPLAIN QUERY PLAN SELECT id FROM audit_events WHERE occurred_at < ? ORDER BY occurred_at DESC LIMIT 1').all('2026-10-10') as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/USING (COVERING )?INDEX audit_events_occurred/);
    const page = await listAuditPage(temp.db, { from: '2026-10-10', to: '2026-10-10' }, {}, 5000);
    expect(page.rows).toHaveLength(1000);
    expect(page.rows.every((r) => r.occurredAt.startsWith('2026-10-10'))).toBe(true);
  });
});
/* eslint-enable no-restricted-syntax */
