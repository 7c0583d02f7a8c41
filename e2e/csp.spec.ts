// Every page runs under a Content-Security-Policy with a fresh script nonce (proxy.ts,
// lib/csp.ts): the journey, the linkage page and the console work with no violation
// reported, their scripts demonstrably run (Next.js booted, forms submit through server
// actions), and markup injected into a page does not execute.
import { expect, test, type Page } from '@playwright/test';
import { fixtureAccountText, newCustomer } from './support/fixtures';
import { approve, logIn, registerPin } from './support/journey';
import { startJourney } from './support/oauth';

interface Violation {
  directive: string;
  blocked: string;
  page: string;
}

interface CspWatch {
  violations: Violation[];
  consoleErrors: string[];
  /** Paths whose documents arrived, each with the nonce of its policy. */
  documents: { path: string; nonce: string | undefined; policy: string }[];
  /** Server actions called by the page's JavaScript (a form posted without it has no Next-Action). */
  actions: number;
}

const NONCE = /'nonce-([A-Za-z0-9+/]+={0,2})'/;
const APP = /^http:\/\/localhost:\d+\//;

async function watchCsp(page: Page): Promise<CspWatch> {
  const watch: CspWatch = { violations: [], consoleErrors: [], documents: [], actions: 0 };
  await page.exposeBinding('__cspViolation', (_source, violation: Violation) => watch.violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation;
      report({ directive: event.effectiveDirective, blocked: event.blockedURI, page: location.pathname });
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) watch.consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) watch.actions += 1;
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' || !APP.test(response.url()) || response.status() >= 300) return;
    const policy = response.headers()['content-security-policy'] ?? '';
    watch.documents.push({ path: new URL(response.url()).pathname, nonce: NONCE.exec(policy)?.[1], policy });
  });
  return watch;
}

/** The page's scripts ran: Next.js booted, and its scripts carry this response's nonce. */
async function expectScriptsRan(page: Page, watch: CspWatch, { injected = 0 } = {}) {
  await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
  const nonces = await page.evaluate(() => [...document.querySelectorAll('script')].map((script) => script.nonce));
  const latest = watch.documents.at(-1);
  expect(latest?.nonce).toBeTruthy();
  expect(nonces.filter((nonce) => nonce === latest!.nonce).length).toBeGreaterThan(0);
  expect(nonces.filter((nonce) => nonce !== latest!.nonce)).toHaveLength(injected);
}

function expectCleanRun(watch: CspWatch, paths: string[]) {
  expect(watch.violations).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.documents.map((d) => d.path)).toEqual(expect.arrayContaining(paths));
  for (const document of watch.documents) {
    expect(document.policy).toContain("'strict-dynamic'");
    expect(document.policy).toContain("object-src 'none'");
    expect(document.policy).toContain("base-uri 'none'");
    expect(document.policy).toContain("form-action 'self'");
    expect(document.policy).toContain("frame-ancestors 'none'");
    expect(document.policy).not.toContain('unsafe-inline');
  }
  const nonces = watch.documents.map((d) => d.nonce);
  expect(new Set(nonces).size).toBe(nonces.length);
}

/** Loads the current page again as a document, so it boots under a policy of its own. */
async function reloadAndCheck(page: Page, watch: CspWatch) {
  await page.reload();
  await expectScriptsRan(page, watch);
}

test('the consent journey runs under the nonce policy from login to 許可 with no violation', async ({ page }) => {
  const watch = await watchCsp(page);
  const customer = await newCustomer([{ registered: false }, { registered: true }]);
  const journey = await startJourney(page, 'demo-kaikei');
  await expectScriptsRan(page, watch);
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/operations$/);
  await reloadAndCheck(page, watch);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page).toHaveURL(/\/consent\/pin$/);
  await reloadAndCheck(page, watch);
  await registerPin(page, await fixtureAccountText(customer.accountIds[0]!), '1357');
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await reloadAndCheck(page, watch);
  await page.getByRole('button', { name: '確認' }).click();
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await reloadAndCheck(page, watch);
  await approve(page);
  expect((await journey.callback).searchParams.get('code')).toBeTruthy();

  // Login, operations, PIN, confirmation and 許可: each a server action called by script.
  expect(watch.actions).toBeGreaterThanOrEqual(5);
  expectCleanRun(watch, ['/consent/login', '/consent/operations', '/consent/pin', '/consent/pin-result', '/consent/grant']);
});

test('the linkage page and the console run under the nonce policy with no violation', async ({ browser }) => {
  const customer = await newCustomer([{ registered: true }]);
  const own = await (await browser.newContext()).newPage();
  const ownWatch = await watchCsp(own);
  await own.goto('/');
  await expectScriptsRan(own, ownWatch);
  await own.goto('/linkages');
  await expect(own).toHaveURL(/\/linkages\/login$/);
  await expectScriptsRan(own, ownWatch);
  await own.getByLabel('ログインID').fill(customer.loginId);
  await own.getByLabel('ログインパスワード').fill(customer.password);
  await own.getByRole('button', { name: 'ログイン' }).click();
  await expect(own.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(own).toHaveURL(/\/linkages$/);
  await reloadAndCheck(own, ownWatch);
  expect(ownWatch.actions).toBeGreaterThanOrEqual(1);
  expectCleanRun(ownWatch, ['/', '/linkages/login', '/linkages']);

  const staff = await (await browser.newContext()).newPage();
  const staffWatch = await watchCsp(staff);
  await staff.goto('/admin');
  await expect(staff).toHaveURL(/\/admin\/login$/);
  await expectScriptsRan(staff, staffWatch);
  await staff.getByLabel('ログインID').fill('auditor');
  await staff.getByLabel('ログインパスワード').fill('Auditor#2026-tsunagu');
  await staff.getByRole('button', { name: 'ログイン' }).click();
  await expect(staff.getByRole('heading', { name: '連携の照会・解除' })).toBeVisible();
  // Client-side navigation through next/link: only running scripts can do it.
  for (const section of ['API連携先', 'ロック解除', '監査ログ']) {
    await staff.getByRole('navigation').getByRole('link', { name: section }).click();
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(section);
  }
  await reloadAndCheck(staff, staffWatch);
  expect(staffWatch.actions).toBeGreaterThanOrEqual(1);
  expectCleanRun(staffWatch, ['/admin/login', '/admin/audit']);
});

test('markup injected into a page does not run, and the browser reports it', async ({ page }) => {
  const watch = await watchCsp(page);
  // Stands in for an injection flaw: the real response, its real headers, extra markup.
  await page.route(/\/linkages\/login$/, async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    delete headers['content-length'];
    const injected = '<script>window.__injected = "inline"</script><img src="/missing.png" onerror="window.__injected = \'handler\'">';
    await route.fulfill({ response, headers, body: (await response.text()).replace('</body>', `${injected}</body>`) });
  });
  await page.goto('/linkages/login');
  await expectScriptsRan(page, watch, { injected: 1 });
  await expect.poll(() => watch.violations.map((v) => v.directive).sort()).toEqual(['script-src-attr', 'script-src-elem']);
  expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
});
