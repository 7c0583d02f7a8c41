import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestBed, type ApiTestBed } from '@/test/api-test-bed';
import { callApi } from '@/test/api-client';
import { linkageHistory } from './admin/linkage-history';
import { activeLinkagesPerPartner, countSuccessfulRead, linkageUsage, readsPerDay } from './linkage-insight';

describe('linkage insight', () => {
  let bed: ApiTestBed;
  beforeAll(async () => {
    bed = await createApiTestBed();
  });
  afterAll(() => bed.cleanup());

  it('counts a linkage’s successful API reads and its last access, not its refused ones', async () => {
    const linkage = await bed.newLinkage();
    const before = Date.now();
    expect((await callApi(bed.api, '/api/v1/accounts', linkage.accessToken)).status).toBe(200);
    expect((await callApi(bed.api, `/api/v1/accounts/${bed.linked}/balances`, linkage.accessToken)).status).toBe(200);
    expect((await callApi(bed.api, `/api/v1/accounts/${bed.notLinked}/balances`, linkage.accessToken)).status).toBe(404);
    const usage = await linkageUsage(bed.db, [linkage.grantId, 'grt_unread']);
    expect(usage.get(linkage.grantId)!.readsLast30Days).toBe(2);
    expect(usage.get(linkage.grantId)!.lastReadAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(usage.get('grt_unread')).toEqual({ lastReadAt: null, readsLast30Days: 0 });
  });

  it('keeps the last access past the 30 days but counts only the days inside them', async () => {
    const now = new Date('2026-12-01T03:00:00Z');
    const grantId = 'grt_window';
    await countSuccessfulRead(bed.db, grantId, 'ptn_x', new Date('2026-10-01T03:00:00Z'));
    expect((await linkageUsage(bed.db, [grantId], now)).get(grantId)).toEqual({ lastReadAt: new Date('2026-10-01T03:00:00Z'), readsLast30Days: 0 });
    await countSuccessfulRead(bed.db, grantId, 'ptn_x', new Date('2026-11-02T03:00:00Z')); // day 30 of the window
    await countSuccessfulRead(bed.db, grantId, 'ptn_x', new Date('2026-11-30T15:30:00Z')); // 12-01 00:30 JST
    await countSuccessfulRead(bed.db, grantId, 'ptn_x', new Date('2026-11-30T15:10:00Z')); // earlier, same JST day
    expect((await linkageUsage(bed.db, [grantId], now)).get(grantId)).toEqual({ lastReadAt: new Date('2026-11-30T15:30:00Z'), readsLast30Days: 3 });
    const days = await readsPerDay(bed.db, now);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2026-11-02', reads: 1 });
    expect(days.at(-1)).toEqual({ day: '2026-12-01', reads: 2 });
    expect(days.filter((d) => d.day === '2026-10-01')).toEqual([]);
  });

  it('counts live linkages per partner, with every partner listed', async () => {
    const rows = await activeLinkagesPerPartner(bed.db);
    const kaikei = rows.find((r) => r.partnerId === bed.seed.partnerIds['demo-kaikei'])!;
    expect(kaikei.active).toBe(2);
    expect(rows.find((r) => r.partnerId === bed.seed.partnerIds['demo-feed'])!.active).toBe(0);
    await bed.newLinkage({ grantExpiresAt: new Date(Date.now() - 1000) });
    expect((await activeLinkagesPerPartner(bed.db)).find((r) => r.partnerId === kaikei.partnerId)!.active).toBe(2);
  });
});

describe('a linkage’s history for the console', () => {
  let bed: ApiTestBed;
  beforeAll(async () => {
    bed = await createApiTestBed();
  });
  afterAll(() => bed.cleanup());

  it('holds its accounts, its tokens without hashes, its usage and its own audit rows only', async () => {
    const mine = await bed.newLinkage();
    const other = await bed.newLinkage();
    await callApi(bed.api, '/api/v1/accounts', mine.accessToken);
    await callApi(bed.api, '/api/v1/accounts', other.accessToken);
    const history = (await linkageHistory(bed.db, mine.grantId))!;
    expect(history.grant).toMatchObject({ companyName: 'つなぐ商事株式会社', loginId: 'tsunagu01', partnerServiceName: 'デモ会計', status: 'active' });
    expect(history.accounts.map((a) => a.number).sort()).toEqual(['2000002', '2222222']);
    expect(history.tokens.map((t) => t.kind).sort()).toEqual(['access', 'refresh']);
    expect(JSON.stringify(history.tokens)).not.toMatch(/hash/i);
    expect(history.usage.readsLast30Days).toBe(1);
    expect(history.history.rows.map((r) => r.grantId)).toEqual([mine.grantId]);
    expect(await linkageHistory(bed.db, 'grt_missing')).toBeNull();
  });
});
