// vitest globalSetup for the PostgreSQL run of the unit suite (TSUNAGU_TEST_STORE=postgres,
// scripts/test-all.mjs): starts the run's own cluster, migrates one template database that
// every test's database is copied from (test/temp-db.ts), and points DATABASE_URL (the store
// every worker's db/schema.ts chooses) at a database of its own.
import { databaseUrl as urlOf, onMaintenanceDb as admin, startPostgresCluster, type PostgresCluster } from './postgres-cluster';

const TEMPLATE = 'tsunagu_template';
/** The template with the demo data seeded once: most OAuth tests start from it (test/temp-db.ts). */
const DEMO_TEMPLATE = 'tsunagu_template_demo';

let cluster: PostgresCluster | undefined;

export async function setup(): Promise<void> {
  if (process.env.TSUNAGU_TEST_STORE !== 'postgres') return;
  cluster = startPostgresCluster(Number(process.env.TSUNAGU_TEST_PG_PORT ?? 55433), { durable: false });
  await admin(cluster.adminUrl, [`CREATE DATABASE ${TEMPLATE}`, 'CREATE DATABASE tsunagu_shared']);
  process.env.DATABASE_URL = urlOf(cluster.adminUrl, TEMPLATE);
  const { openPostgres, migratePostgres, closePostgres } = await import('../db/postgres');
  const template = openPostgres(process.env.DATABASE_URL, 1);
  await migratePostgres(template);
  await closePostgres(template);
  await admin(cluster.adminUrl, [`CREATE DATABASE ${DEMO_TEMPLATE} TEMPLATE ${TEMPLATE}`]);
  process.env.DATABASE_URL = urlOf(cluster.adminUrl, DEMO_TEMPLATE);
  const demo = openPostgres(process.env.DATABASE_URL, 1);
  const { seedDemo } = await import('../db/seed/demo');
  process.env.TSUNAGU_TEST_PG_DEMO_SEED = JSON.stringify(await seedDemo(demo));
  await closePostgres(demo);
  const shared = openPostgres(urlOf(cluster.adminUrl, 'tsunagu_shared'), 1);
  await migratePostgres(shared);
  await closePostgres(shared);
  process.env.DATABASE_URL = urlOf(cluster.adminUrl, 'tsunagu_shared');
  process.env.TSUNAGU_TEST_PG_ADMIN_URL = cluster.adminUrl;
  process.env.TSUNAGU_TEST_PG_TEMPLATE = TEMPLATE;
  process.env.TSUNAGU_TEST_PG_DEMO_TEMPLATE = DEMO_TEMPLATE;
}

export function teardown(): void {
  cluster?.stop();
}
