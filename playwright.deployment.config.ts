import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The recommended deployment (scripts/deployment-test-servers.sh): nginx with TLS in front,
// partner routes to the lean server, the rest to Next.js, TRUST_PROXY=1 on both.
const HTTPS_PORT = Number(process.env.DEPLOY_HTTPS_PORT || 8443);
export const DEPLOY_ORIGIN = `https://localhost:${HTTPS_PORT}`;

export default defineConfig({
  ...base,
  testDir: './e2e-deployment',
  outputDir: `test-results/deployment-${HTTPS_PORT}`,
  use: {
    ...base.use,
    baseURL: DEPLOY_ORIGIN,
    // The certificate is signed by a CA made for this run, which the browser does not know.
    ignoreHTTPSErrors: true,
  },
  webServer: {
    command: 'bash scripts/deployment-test-servers.sh',
    url: `${DEPLOY_ORIGIN}/.well-known/oauth-authorization-server`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { DEPLOY_HTTPS_PORT: String(HTTPS_PORT) },
  },
});
