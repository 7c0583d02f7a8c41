import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { runWithRequestContext } from '@/lib/request-context';
import { createTempDb } from '@/test/temp-db';
import { recordAuditFast } from './audit';
import { groupCommit } from './group-commit';
import { metrics } from './observability/metrics';

describe('group commit, the request context and the batch-size metric', () => {
  const temp = createTempDb();
  afterAll(() => temp.cleanup());

  it('gives each write of one group commit the request id of the request that queued it', async () => {
    // The writes are queued in the same turn, so they share one commit that runs on the
    // first caller's setImmediate; each audit row must still carry its own request's id.
    const write = (requestId: string) =>
      runWithRequestContext({ requestId }, () =>
        groupCommit(temp.db)(() =>
          recordAuditFast(temp.db, { event: 'test.group_commit', outcome: 'success', actorType: 'system', detail: { requestId } }),
        ),
      );
    const batches = async () => {
      const { values } = await metrics().groupCommitBatch.get();
      const value = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
      return { count: value('tsunagu_group_commit_batch_size_count'), sum: value('tsunagu_group_commit_batch_size_sum') };
    };
    const before = await batches();
    await Promise.all([write('first'), write('second'), write('third')]);
    // One commit of three writes, in the batch-size histogram.
    const after = await batches();
    expect({ count: after.count - before.count, sum: after.sum - before.sum }).toEqual({ count: 1, sum: 3 });
    const rows = temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'test.group_commit')).all();
    expect(rows.map((row) => [row.requestId, row.detail?.requestId])).toEqual([
      ['first', 'first'],
      ['second', 'second'],
      ['third', 'third'],
    ]);
  });
});
