// 「デモ会計」as one Web-standard handler (Request → Response): a partner that links a
// customer's accounts at the bank, shows them, keeps its tokens fresh and can unlink.
import messages from './messages.ja.json';
import { LinkageEndedError, type BankClient } from './bank-client';
import type { DemoPartnerConfig } from './config';
import { linkedPage, notLinkedPage, type Balance } from './home-view';
import type { DemoSession, SessionStore } from './sessions';
import { transactionsPage, type TransactionsPage } from './transactions-view';
import { accountLabel, escapeHtml, page, t, type ApiAccount } from './views';

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  // The callback URL carries the code: never let it leak to another site through Referer.
  // (no-referrer would also make browsers send `Origin: null` on our own form posts.)
  'Referrer-Policy': 'same-origin',
};
const REFRESH_MARGIN_MS = 30_000;
const PAGE_SIZE = 20;

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: PAGE_HEADERS });
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

function jstDate(offsetDays = 0): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function createDemoPartnerApp(config: DemoPartnerConfig, bank: BankClient, sessions: SessionStore) {
  /** Refreshes shortly before expiry, and once more if the bank says the token is no good. */
  async function apiJson<T>(session: DemoSession, path: string): Promise<{ status: number; body: T }> {
    if (!session.tokens) throw new LinkageEndedError();
    if (session.tokens.accessExpiresAt - REFRESH_MARGIN_MS < Date.now()) session.tokens = await bank.refresh(session.tokens);
    let response = await bank.apiGet(session.tokens, path);
    if (response.status === 401) {
      session.tokens = await bank.refresh(session.tokens);
      response = await bank.apiGet(session.tokens, path);
      if (response.status === 401) throw new LinkageEndedError();
    }
    return { status: response.status, body: (await response.json()) as T };
  }

  async function home(session: DemoSession): Promise<Response> {
    const flash = session.flash;
    session.flash = undefined;
    if (!session.tokens) return html(notLinkedPage(flash));
    const { body } = await apiJson<{ accounts: ApiAccount[] }>(session, '/api/v1/accounts');
    const scopes = session.tokens.scope.split(' ');
    const accounts = await Promise.all(
      (body.accounts ?? []).map(async (account) => ({
        account,
        balance: scopes.includes('balances:read')
          ? (await apiJson<Balance>(session, `/api/v1/accounts/${encodeURIComponent(account.accountId)}/balances`)).body
          : null,
      })),
    );
    return html(linkedPage(session.tokens, accounts, scopes.includes('transactions:read'), flash));
  }

  async function transactions(session: DemoSession, accountId: string, url: URL): Promise<Response> {
    const dateFrom = url.searchParams.get('dateFrom') || jstDate(-30);
    const dateTo = url.searchParams.get('dateTo') || jstDate();
    const query = new URLSearchParams({ dateFrom, dateTo, limit: String(PAGE_SIZE) });
    const key = url.searchParams.get('nextItemKey');
    if (key) query.set('nextItemKey', key);
    const pageNumber = Math.max(1, Number(url.searchParams.get('page')) || 1);
    const id = encodeURIComponent(accountId);
    const { status, body } = await apiJson<TransactionsPage & { errorMessage?: string }>(session, `/api/v1/accounts/${id}/transactions?${query}`);
    if (status !== 200) {
      return html(page(messages.transactions.heading, `<section><p>${t(messages.messages.bankError, { message: body.errorMessage })}</p><p><a href="/">${escapeHtml(messages.transactions.back)}</a></p></section>`), status);
    }
    const accounts = await apiJson<{ accounts: ApiAccount[] }>(session, '/api/v1/accounts');
    const account = accounts.body.accounts?.find((a) => a.accountId === accountId);
    return html(transactionsPage(body, pageNumber, account ? accountLabel(account) : escapeHtml(accountId)));
  }

  async function callback(session: DemoSession, url: URL): Promise<Response> {
    const pending = session.pending;
    session.pending = undefined;
    if (url.searchParams.get('error') === 'access_denied') {
      session.flash = { kind: 'info', text: escapeHtml(messages.messages.cancelled) };
      return redirect('/');
    }
    if (!pending) return html(page(messages.appName, `<p>${escapeHtml(messages.messages.badRequest)}</p>`), 400);
    try {
      session.tokens = await bank.completeAuthorization(url, pending);
      session.flash = { kind: 'info', text: escapeHtml(messages.messages.linked) };
    } catch (error) {
      const reason = error instanceof Error ? ((error as { error?: string }).error ?? error.message) : 'error';
      session.flash = { kind: 'error', text: t(messages.messages.linkFailed, { reason }) };
    }
    return redirect('/');
  }

  async function unlink(session: DemoSession): Promise<Response> {
    const tokens = session.tokens;
    session.tokens = undefined;
    if (!tokens) return redirect('/');
    await bank.revoke(tokens);
    // Shows that the bank really stopped: the very next call with the old token is refused.
    const check = await bank.apiGet(tokens, '/api/v1/accounts');
    const error = ((await check.json().catch(() => ({}))) as { errorCode?: string }).errorCode ?? '';
    session.flash = {
      kind: 'info',
      text: `${escapeHtml(messages.messages.unlinked)}<br>${t(messages.messages.unlinkedCheck, { status: check.status, error })}`,
    };
    return redirect('/');
  }

  async function route(request: Request, session: DemoSession): Promise<Response> {
    const url = new URL(request.url);
    const transactionsPath = /^\/accounts\/([^/]+)\/transactions$/.exec(url.pathname);
    if (request.method === 'GET' && url.pathname === '/') return home(session);
    if (request.method === 'GET' && url.pathname === '/link') {
      const { url: target, pending } = await bank.authorizationUrl();
      session.pending = pending;
      return redirect(target);
    }
    if (request.method === 'GET' && url.pathname === '/callback') return callback(session, url);
    if (request.method === 'GET' && transactionsPath) return transactions(session, decodeURIComponent(transactionsPath[1]!), url);
    if (request.method === 'POST' && url.pathname === '/unlink') {
      // A state-changing form post must come from this app's own pages.
      if (request.headers.get('origin') !== config.origin) return html(page(messages.appName, `<p>${escapeHtml(messages.messages.badRequest)}</p>`), 403);
      return unlink(session);
    }
    return html(page(messages.appName, '<p>404</p>'), 404);
  }

  return async function handle(request: Request): Promise<Response> {
    const { session, setCookie } = sessions.load(request);
    let response: Response;
    try {
      response = await route(request, session);
    } catch (error) {
      if (!(error instanceof LinkageEndedError)) throw error;
      session.tokens = undefined;
      session.flash = { kind: 'error', text: escapeHtml(messages.messages.linkageEnded) };
      response = redirect('/');
    }
    if (setCookie) response.headers.append('Set-Cookie', setCookie);
    return response;
  };
}
