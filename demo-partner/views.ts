// HTML of「デモ会計」: small server-rendered pages; every value is escaped.
import messages from './messages.ja.json';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fills {name} placeholders of a message; values are escaped. */
export function t(message: string, values: Record<string, unknown> = {}): string {
  return escapeHtml(message).replace(/\{(\w+)\}/g, (_, name: string) => escapeHtml(values[name] ?? ''));
}

const yen = new Intl.NumberFormat('ja-JP');
export const formatYen = (amount: number) => `${yen.format(amount)}円`;

const longDate = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' });
export const formatDate = (epochMs: number) => longDate.format(new Date(epochMs));

export interface Flash {
  kind: 'info' | 'error';
  text: string;
}

const style = `
body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP","IPAGothic",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
header{background:#0b6e4f;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;font-size:12px;opacity:.85}
main{max-width:960px;margin:24px auto;padding:0 16px}section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e7eb;padding:6px 8px;text-align:left;font-size:14px}td.num{text-align:right;font-variant-numeric:tabular-nums}
.button{display:inline-block;background:#0b6e4f;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;text-decoration:none;cursor:pointer}
.button.danger{background:#b42318}.note{color:#51606e;font-size:13px}.flash{padding:10px 14px;border-radius:6px;margin-bottom:16px}
.flash.info{background:#e7f6ee;border:1px solid #9bd3b5}.flash.error{background:#fdecea;border:1px solid #f1a9a0}`;

export function page(title: string, body: string, flash?: Flash): string {
  const notice = flash ? `<div class="flash ${flash.kind}" role="status">${flash.text}</div>` : '';
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}｜${escapeHtml(messages.appName)}</title><style>${style}</style></head>
<body><header><h1>${escapeHtml(messages.appName)}</h1><p>${escapeHtml(messages.tagline)}</p></header><main>${notice}${body}</main></body></html>`;
}

export interface ApiAccount {
  accountId: string;
  branchCode: string;
  branchName: string;
  accountTypeCode: '1' | '2' | '4';
  accountNumber: string;
}

export function accountLabel(account: ApiAccount): string {
  return t(messages.account.label, {
    branch: account.branchName,
    branchCode: account.branchCode,
    type: messages.accountTypes[account.accountTypeCode],
    number: account.accountNumber,
  });
}
