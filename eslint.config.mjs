import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // The rules run on both stores (issue 7): queries are awaited, never run by SQLite's
    // synchronous .all()/.get()/.run(); transactions go through server/write-transaction.ts.
    // Only the SQLite store's own modules (its file maintenance, backup, group commit) may.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['db/client.ts', 'db/postgres.ts', 'db/prepared.ts', 'db/migration-state.ts', 'server/wal-*.ts', 'server/group-commit.ts', 'server/write-transaction.ts', 'server/backup/**', '**/*.sqlite.ts', 'scripts/db-backup.ts', 'scripts/db-restore.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name=/^(all|get|run)$/]",
          message: 'SQLite-only: await the query instead (it runs on PostgreSQL too).',
        },
        {
          selector: "CallExpression > MemberExpression.callee[property.name='transaction']",
          message: 'Use writeTransaction() (server/write-transaction.ts): one API for both stores.',
        },
        { selector: "MemberExpression[property.name='$client']", message: 'SQLite-only: keep the connection to the SQLite store modules.' },
      ],
    },
  },
  {
    // Every store call is async on PostgreSQL: a promise left unawaited would let a write land
    // after its transaction ended, or an error vanish.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    ignores: ['node_modules/**', '.next/**', '.next-*/**', 'db/migrations/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/results/**'],
  },
];

export default config;
