// Two app nodes and two lean-server nodes on one PostgreSQL (scripts/postgres-nodes.ts): a
// journey on one node, its code exchanged on another and replayed on a third, refreshes spread over all of them,
// concurrent refreshes of one token on two nodes with exactly one rotation each time, and a
// lockout reached by wrong passwords spread over both app nodes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { hashSecret } from '@/server/password-hash';
import { PG_NODES_PORT } from '../playwright.postgres.config';
import { approve, DEMO_PASSWORD, formAlert, logIn } from '../e2e/support/journey';
import { PARTNER_CALLBACK, startJourney } from '../e2e/support/oauth';

const nodes = JSON.parse(fs.readFileSync(path.join('data', `pg-nodes-${PG_NODES_PORT}`, 'nodes.json'), 'utf8')) as {
  appA: string;
  appB: string;
  leanA: string;
  leanB: string;
  databaseUrl: string;
};

const pool = new pg.Pool({ connectionString: nodes.databaseUrl, max: 2 });
test.afterAll(() => pool.end());

const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;

async function tokenRequest(origin: string, form: Record<string, string>) {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const refresh = (origin: string, refreshToken: string) => tokenRequest(origin, { grant_type: 'refresh_token', refresh_token: refreshToken });

test.describe.configure({ mode: 'serial' });

let refreshToken = '';
let grantId = '';

/** The consent journey for tsunagu01 on app node A (the page's node); the code and its verifier. */
async function journeyOnNodeA(page: Page) {
  const journey = await startJourney(page, 'demo-kaikei');
  await logIn(page, 'tsunagu01', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/consent\/(operations|pin|pin-result|grant)$/);
  if (page.url().endsWith('/consent/operations')) {
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page).toHaveURL(/\/consent\/(pin|grant)$/);
  }
  if (page.url().endsWith('/consent/pin')) {
    await page.getByRole('radio').first().check();
    await page.getByLabel('照会用暗証番号', { exact: true }).fill('1357');
    await page.getByRole('button', { name: '登録' }).click();
    await expect(page).toHaveURL(/\/consent\/pin-result$/);
    await page.getByRole('button', { name: '確認' }).click();
  }
  await approve(page);
  const callback = await journey.callback;
  return { code: callback.searchParams.get('code')!, codeVerifier: journey.codeVerifier };
}

const exchange = (origin: string, code: string, codeVerifier: string) =>
  tokenRequest(origin, { grant_type: 'authorization_code', code, redirect_uri: PARTNER_CALLBACK, code_verifier: codeVerifier });

const readAccounts = (origin: string, accessToken: string) => fetch(`${origin}/api/v1/accounts`, { headers: { authorization: `Bearer ${accessToken}` } });

test('a journey on app node A, its code exchanged on lean node B and replayed on lean node A', async ({ page }) => {
  const { code, codeVerifier } = await journeyOnNodeA(page);
  const exchanged = await exchange(nodes.leanB, code, codeVerifier);
  expect(exchanged.status).toBe(200);
  for (const origin of [nodes.leanA, nodes.leanB]) {
    const accounts = await readAccounts(origin, exchanged.body.access_token!);
    const body = await accounts.text();
    expect(accounts.status, body).toBe(200);
    expect((JSON.parse(body) as { accounts: unknown[] }).accounts.length).toBeGreaterThan(0);
  }
  // The same code again, on the other lean node: single use holds across processes, and the
  // replay ends what the code issued (RFC 9700 §4.2.4) on every node.
  const again = await exchange(nodes.leanA, code, codeVerifier);
  expect(again.status).toBe(400);
  expect(again.body.error).toBe('invalid_grant');
  for (const origin of [nodes.leanA, nodes.leanB]) expect((await readAccounts(origin, exchanged.body.access_token!)).status).toBe(401);
  expect((await refresh(nodes.leanB, exchanged.body.refresh_token!)).status).toBe(400);
});

test('a second journey, its code exchanged on an app node B', async ({ page }) => {
  const { code, codeVerifier } = await journeyOnNodeA(page);
  const exchanged = await exchange(nodes.appB, code, codeVerifier);
  expect(exchanged.status).toBe(200);
  refreshToken = exchanged.body.refresh_token!;
  grantId = (await pool.query<{ grant_id: string }>('select grant_id from tokens where kind = $1 order by created_at desc limit 1', ['refresh'])).rows[0]!.grant_id;
  expect((await readAccounts(nodes.leanA, exchanged.body.access_token!)).status).toBe(200);
});

test('refreshes spread over all four nodes each rotate once, and the chain stays whole', async () => {
  const order = [nodes.leanA, nodes.leanB, nodes.appA, nodes.appB];
  for (let i = 0; i < 20; i++) {
    const answer = await refresh(order[i % order.length]!, refreshToken);
    expect(answer.status, `refresh ${i} on ${order[i % order.length]}`).toBe(200);
    expect(answer.body.refresh_token).not.toBe(refreshToken);
    refreshToken = answer.body.refresh_token!;
  }
  const live = await pool.query('select count(*)::int as n from tokens where grant_id = $1 and kind = $2 and rotated_at is null and revoked_at is null', [grantId, 'refresh']);
  expect(live.rows[0].n).toBe(1);
});

test('1,000 trials of one refresh token sent to both lean nodes at once: one rotation each', async () => {
  test.setTimeout(600_000);
  let rotations = 0;
  for (let trial = 0; trial < 1000; trial++) {
    const [a, b] = await Promise.all([refresh(nodes.leanA, refreshToken), refresh(nodes.leanB, refreshToken)]);
    // The loser is inside the retry window (partner-api.md): it gets the winner's very answer.
    expect([a.status, b.status], `trial ${trial}`).toEqual([200, 200]);
    expect(b.body.refresh_token, `trial ${trial}`).toBe(a.body.refresh_token);
    refreshToken = a.body.refresh_token!;
    rotations++;
  }
  expect(rotations).toBe(1000);
  // Every old token was rotated exactly once, into exactly one successor that exists.
  const chain = await pool.query(
    `select count(*)::int as rotated, count(distinct successor_hash)::int as successors,
            count(*) filter (where successor_hash not in (select token_hash from tokens))::int as dangling
       from tokens where grant_id = $1 and kind = 'refresh' and rotated_at is not null`,
    [grantId],
  );
  expect(chain.rows[0]).toEqual({ rotated: 1020, successors: 1020, dangling: 0 });
  const live = await pool.query('select count(*)::int as n from tokens where grant_id = $1 and kind = $2 and rotated_at is null and revoked_at is null', [grantId, 'refresh']);
  expect(live.rows[0].n).toBe(1);
  const grant = await pool.query('select revoked_at from grants where id = $1', [grantId]);
  expect(grant.rows[0].revoked_at).toBeNull();
  // Each trial had one winner that rotated and one answer repeated from the retry window.
  const events = await pool.query(
    `select event, count(*)::int as n from audit_events where grant_id = $1 and event in ('token.refreshed', 'token.refresh_retried') group by event order by event`,
    [grantId],
  );
  expect(events.rows).toEqual([
    { event: 'token.refresh_retried', n: 1000 },
    { event: 'token.refreshed', n: 1020 },
  ]);
});

test('a rotated token presented after its successor was used ends the linkage on every node', async () => {
  const old = refreshToken;
  const next = await refresh(nodes.leanA, old);
  expect(next.status).toBe(200);
  const used = await refresh(nodes.leanB, next.body.refresh_token!);
  expect(used.status).toBe(200);
  const reuse = await refresh(nodes.appB, old);
  expect(reuse.status).toBe(400);
  expect(reuse.body.error).toBe('invalid_grant');
  for (const origin of [nodes.leanA, nodes.leanB]) expect((await refresh(origin, used.body.refresh_token!)).status).toBe(400);
  const grant = await pool.query('select revoked_at from grants where id = $1', [grantId]);
  expect(grant.rows[0].revoked_at).not.toBeNull();
});

test('five wrong passwords spread over both app nodes lock the customer on both', async ({ browser }) => {
  const loginId = `pg${randomBytes(4).toString('hex')}`;
  const password = 'Correct#Horse1';
  const companyId = `co_${loginId}`;
  await pool.query('insert into companies (id, name, name_kana) values ($1, $2, $3)', [companyId, 'ロック検証株式会社', 'ﾛﾂｸｹﾝｼﾖｳ(ｶ']);
  await pool.query('insert into users (id, company_id, login_id, display_name, password_hash) values ($1, $2, $3, $4, $5)', [
    `u_${loginId}`,
    companyId,
    loginId,
    '検証 太郎',
    await hashSecret(password),
  ]);
  const onA = await browser.newPage({ baseURL: nodes.appA });
  const onB = await browser.newPage({ baseURL: nodes.appB });
  await startJourney(onA, 'demo-feed');
  await startJourney(onB, 'demo-feed');
  const failedCount = async () => (await pool.query('select failed_login_count as n, locked_at from users where login_id = $1', [loginId])).rows[0];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const page = attempt % 2 ? onA : onB;
    await logIn(page, loginId, `wrong-${attempt}`);
    await expect(formAlert(page)).toHaveText('ログインIDまたはログインパスワードが正しくありません。');
    await expect.poll(async () => (await failedCount()).n).toBe(attempt);
  }
  await logIn(onB, loginId, 'wrong-5');
  const locked = 'ログインパスワードの誤りが規定回数に達したため、ご利用を停止しています。お手数ですが、当組合までお問い合わせください。';
  await expect(formAlert(onB)).toHaveText(locked);
  expect((await failedCount()).locked_at).not.toBeNull();
  await logIn(onA, loginId, password);
  await expect(formAlert(onA)).toHaveText(locked);
});

test('the per-login-ID limit (10 a minute) counts attempts on both app nodes together', async ({ browser }) => {
  const loginId = `nobody${randomBytes(4).toString('hex')}`;
  const pages = [await browser.newPage({ baseURL: nodes.appA }), await browser.newPage({ baseURL: nodes.appB })];
  for (const page of pages) await startJourney(page, 'demo-feed');
  const wrong = 'ログインIDまたはログインパスワードが正しくありません。';
  const limited = /^ログインの試行が続いたため、受付を一時停止しています。/;
  // Alternating nodes until refused. The bucket refills one attempt per 6 s meanwhile, so the
  // refusal comes after the 10th; it must come while each node alone has seen fewer than 10,
  // which per-node buckets would never refuse.
  let refusedAt = 0;
  for (let attempt = 1; attempt <= 18 && !refusedAt; attempt++) {
    const page = pages[attempt % 2]!;
    await logIn(page, loginId, `guess-${attempt}`);
    await expect(formAlert(page)).toHaveText(new RegExp(`^(${wrong}|${limited.source.slice(1)})`));
    if (limited.test((await formAlert(page).textContent()) ?? '')) refusedAt = attempt;
    else await page.reload();
  }
  expect(refusedAt).toBeGreaterThan(10);
  expect(refusedAt).toBeLessThanOrEqual(18);
});
