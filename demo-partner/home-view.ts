// The home page: the button that starts the linkage, or the linked accounts and balances.
import messages from './messages.ja.json';
import type { TokenSet } from './bank-client';
import { accountLabel, escapeHtml, formatDate, formatYen, page, t, type ApiAccount, type Flash } from './views';

export interface Balance {
  balance: number;
  previousDayBalance: number;
  baseDate: string;
  baseTime: string;
}

export function notLinkedPage(flash?: Flash): string {
  const h = messages.home;
  return page(
    messages.appName,
    `<section><h2>${escapeHtml(messages.bankName)}</h2><p>${escapeHtml(h.notLinked)}</p>
<p><a class="button" href="/link">${escapeHtml(h.linkButton)}</a></p><p class="note">${escapeHtml(h.linkNote)}</p></section>`,
    flash,
  );
}

function scopeNames(scope: string): string {
  const names = messages.scopeNames as Record<string, string>;
  return scope
    .split(' ')
    .filter(Boolean)
    .map((s) => names[s] ?? s)
    .join('・');
}

function balanceCell(balance: Balance | null): string {
  if (!balance) return `<td colspan="2" class="note">${escapeHtml(messages.home.balanceNotGranted)}</td>`;
  const asOf = t(messages.home.balanceAsOf, { date: balance.baseDate, time: balance.baseTime.slice(0, 5) });
  return `<td class="num">${escapeHtml(formatYen(balance.balance))}<div class="note">${asOf}</div></td><td class="num">${escapeHtml(formatYen(balance.previousDayBalance))}</td>`;
}

export function linkedPage(tokens: TokenSet, accounts: { account: ApiAccount; balance: Balance | null }[], canReadTransactions: boolean, flash?: Flash): string {
  const h = messages.home;
  const rows = accounts
    .map(({ account, balance }) => {
      const link = canReadTransactions
        ? `<a href="/accounts/${encodeURIComponent(account.accountId)}/transactions">${escapeHtml(h.showTransactions)}</a>`
        : '';
      return `<tr><td>${accountLabel(account)}</td>${balanceCell(balance)}<td>${link}</td></tr>`;
    })
    .join('');
  const table = accounts.length
    ? `<table><thead><tr><th>口座</th><th>${escapeHtml(h.balance)}</th><th>${escapeHtml(h.previousDayBalance)}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(h.noAccounts)}</p>`;
  const expiry = tokens.linkageExpiresAt ? `<p>${t(h.expiresAt, { date: formatDate(tokens.linkageExpiresAt) })}</p>` : '';
  return page(
    messages.appName,
    `<section><h2>${escapeHtml(messages.bankName)} — ${escapeHtml(h.linkedHeading)}</h2>${expiry}<p class="note">${t(h.scopes, { scopes: scopeNames(tokens.scope) })}</p>${table}</section>
<section><form method="post" action="/unlink"><button class="button danger" type="submit">${escapeHtml(h.unlinkButton)}</button></form><p class="note">${escapeHtml(h.unlinkNote)}</p></section>`,
    flash,
  );
}
