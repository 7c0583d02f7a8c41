// npm run audit:verify — walks the audit trail's hash chain in the store (DATABASE_PATH or
// DATABASE_URL), prints the first bad row or the verified head (keep that line somewhere
// else: only a copy outside the database shows that rows were cut off its end), records the
// result as an `audit.chain_verified` row and exits 1 when the chain is broken. Safe while
// the servers run.
import { closeDatabase, prepareDatabase } from '../db/client';
import { describeVerification, verifyAndRecord } from '../server/audit-verify';

async function main(): Promise<number> {
  const db = await prepareDatabase();
  try {
    const result = await verifyAndRecord(db);
    console.log(describeVerification(result));
    return result.ok ? 0 : 1;
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('audit:verify failed:', error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
