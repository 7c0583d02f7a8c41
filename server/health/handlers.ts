// /healthz and /readyz bound to the process-wide database, for app/ route files and the
// lean server. The probe is built on the first request, so `next build` never opens the
// database; a database that cannot be opened is reported, and tried again a second later.
import { getDb } from '@/db/client';
import { createHealthHandlers } from './health-handler';
import { createReadinessProbe, type Readiness } from './readiness';

let probe: (() => Promise<Readiness>) | undefined;

async function processReadiness(): Promise<Readiness> {
  try {
    probe ??= createReadinessProbe(getDb());
  } catch {
    return { ready: false, reason: 'database_unreachable' };
  }
  return probe();
}

export const processHealth = createHealthHandlers(processReadiness);
export const handleHealthz = processHealth.healthz;
export const handleReadyz = processHealth.readyz;
