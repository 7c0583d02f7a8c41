import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // server-only throws outside a React Server Component bundle; in unit tests the
      // modules run in plain Node, which is exactly the server side.
      'server-only': path.resolve(import.meta.dirname, 'test/server-only-noop.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.next-*/**'],
    environment: 'node',
    pool: 'forks',
    // One JSON line per request would bury the test report; errors still show. Tests that
    // read log lines give the logger their own stream and level (lib/logger.ts).
    env: { LOG_LEVEL: 'warn' },
    testTimeout: 20000,
    // TSUNAGU_TEST_STORE=postgres: the same suite on a PostgreSQL cluster of the run's own.
    globalSetup: ['test/postgres-global-setup.ts'],
  },
});
