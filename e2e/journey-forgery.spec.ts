// Requests a browser did not make as the journey expects: a server action posted from
// another origin (or none), and 許可 posted several times at once.
import { expect, test, type BrowserContext, type Request } from '@playwright/test';
import { request as playwrightRequest } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { auditEvents, authorizationCodes, grants, sessions } from '@/db/schema';
import { e2eDb } from './support/db';
import { latestRequestOf, newCustomer, userRow } from './support/fixtures';
import { formAlert, logIn } from './support/journey';
import { APP_ORIGIN, startJourney } from './support/oauth';

/**
 * Keeps a copy of the browser's server-action POSTs to `path`; `hold` delays them until
 * released, `abort` stops them from reaching the server at all.
 */
async function captureActionPost(context: BrowserContext, path: string, mode: 'pass' | 'hold' | 'abort' = 'pass') {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let resolve!: (request: Request) => void;
  const captured = new Promise<Request>((r) => (resolve = r));
  await context.route(`**${path}`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && request.headers()['next-action']) {
      resolve(request);
      if (mode === 'abort') return route.abort();
      if (mode === 'hold') await released;
    }
    await route.continue();
  });
  return { captured, release };
}

/** Sends a captured action again from outside the browser, with the browser's cookies. */
async function replay(context: BrowserContext, original: Request, options: { origin?: string | null; body?: Buffer }) {
  const api = await playwrightRequest.newContext();
  const headers = Object.fromEntries(
    Object.entries(await original.allHeaders()).filter(([name]) => !['origin', 'cookie', 'host', 'content-length'].includes(name)),
  );
  const cookies = await context.cookies();
  headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  if (options.origin) headers.origin = options.origin;
  const response = await api.fetch(original.url(), {
    method: 'POST',
    headers,
    data: options.body ?? original.postDataBuffer() ?? undefined,
    maxRedirects: 0,
  });
  const result = { status: response.status(), text: await response.text() };
  await api.dispose();
  return result;
}

async function refusedOriginCount(): Promise<number> {
  return (await e2eDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.event, 'action.refused'))
    ).length;
}

test('a server action posted with a foreign Origin, or none, is refused and changes nothing', async ({ page, context }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  const { captured } = await captureActionPost(context, '/consent/login');
  await logIn(page, customer.loginId, 'wrong-password-x');
  const original = await captured;
  await expect(formAlert(page)).toBeVisible();
  const body = Buffer.from(original.postDataBuffer()!.toString('utf8').replace('wrong-password-x', customer.password));
  const userSessions = async () =>
    (await e2eDb().select().from(sessions).where(eq(sessions.subjectId, customer.userId))).length;

  const foreign = await replay(context, original, { origin: 'http://evil.example', body });
  expect(foreign.status).not.toBe(303);
  const refusedBefore = await refusedOriginCount();
  const missing = await replay(context, original, { origin: null, body });
  expect(missing.text).toContain('forbidden');
  expect(await refusedOriginCount()).toBe(refusedBefore + 1);

  expect(await userSessions()).toBe(0);
  expect((await userRow(customer.userId)).failedLoginCount).toBe(1);
  expect(await latestRequestOf(customer.userId)).toBeUndefined();
  await page.reload();
  await expect(page).toHaveURL(/\/consent\/login$/);

  // The same replay from the app's own origin works: the refusals above were the Origin's.
  await replay(context, original, { origin: APP_ORIGIN, body });
  expect(await userSessions()).toBe(1);
  expect((await latestRequestOf(customer.userId))?.userId).toBe(customer.userId);
});

test('許可 posted three times at once issues one linkage and one code', async ({ page, context }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/grant$/);

  const { captured, release } = await captureActionPost(context, '/consent/grant', 'hold');
  await page.getByRole('checkbox', { name: '認可手続きを継続する' }).check();
  await page.getByRole('button', { name: '許可' }).click();
  const original = await captured;
  // The browser's own POST is held until two copies are on their way too.
  const copies = [replay(context, original, { origin: APP_ORIGIN }), replay(context, original, { origin: APP_ORIGIN })];
  release();
  await Promise.all(copies);

  await expect.poll(async () => (await latestRequestOf(customer.userId))?.status).toBe('approved');
  const linkages = (await e2eDb()
    .select()
    .from(grants)
    .where(and(eq(grants.companyId, customer.companyId)))
    );
  expect(linkages).toHaveLength(1);
  const codes = (await e2eDb().select().from(authorizationCodes).where(eq(authorizationCodes.grantId, linkages[0]!.id)));
  expect(codes).toHaveLength(1);
});

/** Removes one field from a captured multipart body, as a forged request would. */
function withoutField(body: Buffer, contentType: string, field: string): Buffer {
  const boundary = `--${/boundary=(.+)$/.exec(contentType)![1]}`;
  const parts = body.toString('utf8').split(boundary);
  return Buffer.from(parts.filter((part) => !new RegExp(`name="(_?\\d+_)?${field}"`).test(part)).join(boundary));
}

test('許可 without the checkbox is refused in the browser and again by the server', async ({ page, context }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/grant$/);
  const checkbox = page.getByRole('checkbox', { name: '認可手続きを継続する' });
  await page.getByRole('button', { name: '許可' }).click();
  await expect(checkbox).toHaveAccessibleDescription('「認可手続きを継続する」をチェックしてください。');

  const { captured } = await captureActionPost(context, '/consent/grant', 'abort');
  await checkbox.check();
  await page.getByRole('button', { name: '許可' }).click();
  const original = await captured;
  const body = original.postDataBuffer()!;
  const stripped = withoutField(body, original.headers()['content-type']!, 'continue');
  expect(stripped.length).toBeLessThan(body.length);
  const response = await replay(context, original, { origin: APP_ORIGIN, body: stripped });
  expect(response.text).toContain('consentRequired');
  expect((await latestRequestOf(customer.userId))?.status).toBe('pending');
  expect((await e2eDb().select().from(grants).where(eq(grants.companyId, customer.companyId)))).toEqual([]);
});
