// One page of 入出金明細, with the period form and 「次のページ」 through nextItemKey.
import messages from './messages.ja.json';
import { escapeHtml, formatYen, page, t, type Flash } from './views';

export interface TransactionsPage {
  accountId: string;
  dateFrom: string;
  dateTo: string;
  hasNext: boolean;
  nextItemKey?: string;
  count: number;
  transactions: { itemKey: string; transactionDate: string; transactionType: '1' | '2'; amount: number; remarks: string; balance: number }[];
}

export function transactionsPage(data: TransactionsPage, pageNumber: number, label: string, flash?: Flash): string {
  const m = messages.transactions;
  const base = `/accounts/${encodeURIComponent(data.accountId)}/transactions`;
  const range = new URLSearchParams({ dateFrom: data.dateFrom, dateTo: data.dateTo });
  const rows = data.transactions
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.transactionDate)}</td><td>${escapeHtml(item.transactionType === '1' ? m.deposit : m.withdrawal)}</td>` +
        `<td class="num">${escapeHtml(formatYen(item.amount))}</td><td>${escapeHtml(item.remarks)}</td><td class="num">${escapeHtml(formatYen(item.balance))}</td></tr>`,
    )
    .join('');
  const next = data.hasNext && data.nextItemKey
    ? `<a class="button" href="${base}?${new URLSearchParams({ ...Object.fromEntries(range), nextItemKey: data.nextItemKey, page: String(pageNumber + 1) })}">${escapeHtml(m.next)}</a>`
    : '';
  const first = pageNumber > 1 ? `<a href="${base}?${range}">${escapeHtml(m.first)}</a>` : '';
  const table = data.transactions.length
    ? `<table><thead><tr><th>${escapeHtml(m.date)}</th><th>${escapeHtml(m.type)}</th><th>${escapeHtml(m.amount)}</th><th>${escapeHtml(m.remarks)}</th><th>${escapeHtml(m.balance)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(m.none)}</p>`;
  return page(
    m.heading,
    `<section><h2>${escapeHtml(m.heading)} — ${label}</h2>
<form method="get" action="${base}"><label>${escapeHtml(m.dateFrom)} <input type="date" name="dateFrom" value="${escapeHtml(data.dateFrom)}"></label>
<label>${escapeHtml(m.dateTo)} <input type="date" name="dateTo" value="${escapeHtml(data.dateTo)}"></label> <button type="submit">${escapeHtml(m.rangeButton)}</button></form>
<p>${t(m.range, { from: data.dateFrom, to: data.dateTo })} ・ ${t(m.page, { page: pageNumber, count: data.count })}</p>${table}
<p>${next} ${first}</p><p><a href="/">${escapeHtml(m.back)}</a></p></section>`,
    flash,
  );
}
