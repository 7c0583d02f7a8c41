// npm run audit:verify — walks the audit trail's hash chain in DATABASE_PATH, prints the
// first bad row or the verified head (keep that line somewhere else: only a copy outside
// this file shows that rows were cut off its end), records the result as an
// `audit.chain_verified` row and exits 1 when the chain is broken. Safe while the servers run.
import { defaultDatabasePath, openDatabase } from '../db/client';
import { describeVerification, verifyAndRecord } from '../server/audit-verify';

function main(): number {
  const db = openDatabase(defaultDatabasePath());
  try {
    const result = verifyAndRecord(db);
    console.log(describeVerification(result));
    return result.ok ? 0 : 1;
  } finally {
    db.$client.close();
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error('audit:verify failed:', error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
