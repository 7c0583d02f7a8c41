import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { runWithRequestContext } from '@/lib/request-context';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { recordAuditFast } from './audit';
import { groupCommit } from './group-commit';
import { metrics } from './observability/metrics';

describe('group commit, the request context and the batch-size metric', () => {
  let temp: TempDb;
  beforeAll(async () => {
    temp = await createTempDb();
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('gives each write of one group commit the request id of the request that queued it', async () => {
    // The writes are queued in the same turn, so they share one commit that runs on the
    // first caller's setImmediate; each audit row must still carry its own request's id.
    const write = (requestId: string) =>
      runWithRequestContext({ requestId }, () =>
        groupCommit(temp.db)((tx) => recordAuditFast(tx, { event: 'test.group_commit', outcome: 'success', actorType: 'system', detail: { requestId } })),
      );
    const batches = async () => {
      const { values } = await metrics().groupCommitBatch.get(); // eslint-disable-line no-restricted-syntax -- prom-client's histogram, not a query
      const value = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
      return { count: value('tsunagu_group_commit_batch_size_count'), sum: value('tsunagu_group_commit_batch_size_sum') };
    };
    const before = await batches();
    await Promise.all([write('first'), write('second'), write('third')]);
    // SQLite: one commit of three writes, in the batch-size histogram (PostgreSQL commits each alone).
    const after = await batches();
    if (!onPostgres) expect({ count: after.count - before.count, sum: after.sum - before.sum }).toEqual({ count: 1, sum: 3 });
    const rows = await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'test.group_commit')).orderBy(auditEvents.id);
    // In the order queued on SQLite; PostgreSQL's separate transactions may commit in any order.
    const pairs = rows.map((row) => [row.requestId, row.detail?.requestId]);
    expect(onPostgres ? pairs.sort() : pairs).toEqual([
      ['first', 'first'],
      ['second', 'second'],
      ['third', 'third'],
    ]);
  });
});
