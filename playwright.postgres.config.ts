import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Two app nodes and two lean-server nodes on one PostgreSQL (scripts/postgres-nodes.ts):
// the rules that must hold across processes, tested across processes.
export const PG_NODES_PORT = Number(process.env.PG_NODES_PORT || 3700);

export default defineConfig({
  ...base,
  testDir: './e2e-postgres',
  outputDir: `test-results/postgres-${PG_NODES_PORT}`,
  timeout: 180_000,
  use: { ...base.use, baseURL: `http://localhost:${PG_NODES_PORT}` },
  webServer: {
    command: 'node_modules/.bin/tsx scripts/postgres-nodes.ts',
    url: `http://127.0.0.1:${PG_NODES_PORT + 4}/`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: { PG_NODES_PORT: String(PG_NODES_PORT) },
  },
});
