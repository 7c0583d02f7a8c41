// npm test: lint, typecheck, unit tests, then the Playwright suite against a production
// build on a fresh database. Stops at the first failing stage and ends with one summary
// line ("N passed, N failed") counting unit and end-to-end tests together.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
fs.mkdirSync('reports', { recursive: true });
const vitestJson = 'reports/vitest.json';
const vitestPostgresJson = 'reports/vitest-postgres.json';
const playwrightJson = 'reports/playwright.json';
const deploymentJson = 'reports/deployment.json';
const postgresNodesJson = 'reports/postgres-nodes.json';
for (const file of [vitestJson, vitestPostgresJson, playwrightJson, deploymentJson, postgresNodesJson]) fs.rmSync(file, { force: true });

const stages = [
  ['lint', ['node_modules/.bin/eslint', '.', '--max-warnings=0']],
  ['typecheck', ['node_modules/.bin/tsc', '--noEmit']],
  ['unit tests', ['node_modules/.bin/vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]],
  ['Debian packages', ['bash', 'scripts/ensure-packages.sh']],
  [
    'unit tests on PostgreSQL (a cluster of the run\'s own)',
    ['node_modules/.bin/vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestPostgresJson}`],
    { TSUNAGU_TEST_STORE: 'postgres' },
    'postgres',
  ],
  ['end-to-end tests', ['node_modules/.bin/playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }],
  [
    'deployment tests (nginx, TLS)',
    ['node_modules/.bin/playwright', 'test', '--config', 'playwright.deployment.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: deploymentJson },
  ],
  [
    'end-to-end on PostgreSQL (two app and two lean-server nodes)',
    ['node_modules/.bin/playwright', 'test', '--config', 'playwright.postgres.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: postgresNodesJson },
    'postgres',
  ],
];

function counts() {
  let passed = 0;
  let failed = 0;
  for (const file of [vitestJson, vitestPostgresJson]) {
    if (!fs.existsSync(file)) continue;
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  for (const file of [playwrightJson, deploymentJson, postgresNodesJson]) {
    if (!fs.existsSync(file)) continue;
    const { stats } = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += stats.expected + (stats.flaky ?? 0);
    failed += stats.unexpected;
  }
  return { passed, failed };
}

let exitCode = 0;
/** Why the PostgreSQL stage cannot run here, or null (never skipped in CI). */
function postgresMissing() {
  const root = '/usr/lib/postgresql';
  const found = fs.existsSync(root) && fs.readdirSync(root).some((v) => fs.existsSync(`${root}/${v}/bin/initdb`));
  return found ? null : `Debian's postgresql is not installed (${root}/*/bin/initdb); run scripts/ensure-packages.sh`;
}

for (const [name, [command, ...args], extraEnv, needs] of stages) {
  if (needs === 'postgres' && postgresMissing() && !process.env.CI) {
    console.log(`\n=== ${name}: SKIPPED: ${postgresMissing()}`);
    continue;
  }
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (result.status !== 0) {
    exitCode = result.status || 1;
    break;
  }
}
const { passed, failed } = counts();
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
